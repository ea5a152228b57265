# Type stubs of the native module (crates/python/src).
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Literal, Optional, Union

class ModelError(OSError): ...

class Cue:
    start: int
    end: int
    text: str

class Entity:
    id: str
    type: Literal["PERSON", "ORG", "LOC", "ROLE", "MISC"]
    start: int
    end: int
    text: str
    confidence: Optional[float]
    sentence: Optional[int]

class Person:
    id: str
    name: str
    mentions: list[str]
    roles: list[str]
    organizations: list[str]
    gender: Optional[Literal["male", "female"]]

class Quote:
    id: str
    kind: Literal["direct", "indirect"]
    speaker: Optional[str]
    speaker_name: Optional[str]
    start: int
    end: int
    text: str
    cue: Optional[Cue]
    paragraph: Optional[int]

class Doc:
    @property
    def id(self) -> str: ...
    @property
    def text(self) -> Optional[str]: ...
    @property
    def error(self) -> Optional[str]: ...
    @property
    def entities(self) -> list[Entity]: ...
    @property
    def persons(self) -> list[Person]: ...
    @property
    def quotes(self) -> list[Quote]: ...
    def to_dict(self, include_text: bool = True) -> dict[str, Any]: ...
    def to_json(self, include_text: bool = True) -> str: ...

class DocStream(Iterator[Doc]):
    def __iter__(self) -> DocStream: ...
    def __next__(self) -> Doc: ...

class Pipeline:
    @property
    def model_dir(self) -> Path: ...
    @property
    def entities(self) -> str: ...
    def __init__(self, model_dir: str, entities: str = "hybrid") -> None: ...
    @property
    def stages(self) -> list[str]: ...
    def __call__(self, text: str, id: str = "doc") -> Doc: ...
    def pipe(
        self,
        items: Iterable[Union[str, Mapping[str, Any]]],
        batch_size: int = 64,
        n_threads: Optional[int] = None,
        max_chars: int = 1_000_000,
    ) -> DocStream: ...
