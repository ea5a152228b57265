//! Reading and writing weights: a checkpoint directory holds
//! [`CONFIG_FILE`], [`LABELS_FILE`] (taggers only) and [`WEIGHTS_FILE`].
//!
//! Tensor names are those of Hugging Face BERT. On load, two common variants
//! are normalised: old `LayerNorm.gamma`/`beta` names, and files saved from a
//! bare `BertModel` whose keys lack the `bert.` prefix.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use candle_core::{DType, Device, Shape, Tensor};
use candle_nn::var_builder::SimpleBackend;
use candle_nn::{VarBuilder, VarMap};

use crate::error::{Error, Result};

/// Model hyper-parameters (Hugging Face format).
pub const CONFIG_FILE: &str = "config.json";
/// Label names and special ids (see [`crate::Labels`]).
pub const LABELS_FILE: &str = "labels.json";
/// The weights.
pub const WEIGHTS_FILE: &str = "model.safetensors";

/// Where the weights are for `path`: the path itself if it is a file, else
/// `path/model.safetensors`.
pub fn weights_path(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join(WEIGHTS_FILE)
    } else {
        path.to_path_buf()
    }
}

/// The tensors of one safetensors file, names normalised.
#[derive(Debug, Clone)]
pub struct Weights {
    path: PathBuf,
    tensors: HashMap<String, Tensor>,
}

/// Outcome of copying a weights file into a [`VarMap`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// Variables set from the file.
    pub loaded: Vec<String>,
    /// Variables the file lacks; they keep their fresh initialisation.
    pub missing: Vec<String>,
    /// Tensors in the file no variable asked for (e.g. `cls.*` when a tagger
    /// starts from an MLM checkpoint).
    pub unused: Vec<String>,
}

impl Weights {
    /// Reads a `.safetensors` file onto the CPU.
    pub fn load(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        if !path.is_file() {
            return Err(Error::MissingFile { path });
        }
        let raw = candle_core::safetensors::load(&path, &Device::Cpu)?;
        let has_prefix = raw.keys().any(|k| k.starts_with("bert."));
        let tensors = raw
            .into_iter()
            .map(|(k, v)| (normalize_name(&k, has_prefix), v))
            .collect();
        Ok(Self { path, tensors })
    }

    /// Wraps tensors already in memory (names used as given).
    pub fn from_tensors(tensors: HashMap<String, Tensor>, path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            tensors,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn get(&self, name: &str) -> Option<&Tensor> {
        self.tensors.get(name)
    }

    /// Sorted tensor names.
    pub fn names(&self) -> Vec<String> {
        let set: BTreeSet<&String> = self.tensors.keys().collect();
        set.into_iter().cloned().collect()
    }

    /// Builds a model from these tensors (f32, CPU). A tensor the model asks
    /// for but the file lacks is reported as [`Error::MissingTensor`] with its
    /// key; a wrong shape as [`Error::Shape`].
    pub fn build<T>(&self, f: impl FnOnce(VarBuilder) -> candle_core::Result<T>) -> Result<T> {
        let problem = Arc::new(Mutex::new(None));
        let backend = Recording {
            tensors: self.tensors.clone(),
            problem: problem.clone(),
        };
        let vb = VarBuilder::from_backend(Box::new(backend), DType::F32, Device::Cpu);
        match f(vb) {
            Ok(t) => Ok(t),
            Err(e) => Err(match problem.lock().unwrap().take() {
                Some(Problem::Missing(name)) => Error::MissingTensor {
                    name,
                    path: self.path.clone(),
                },
                Some(Problem::Shape(msg)) => Error::Shape(msg),
                None => Error::Candle(e),
            }),
        }
    }

    /// Sets every variable of `varmap` whose name is in the file; variables
    /// the file lacks keep their values. Shapes must agree.
    pub fn copy_into(&self, varmap: &VarMap) -> Result<LoadReport> {
        let vars = varmap.data().lock().unwrap();
        let mut report = LoadReport::default();
        let mut names: Vec<&String> = vars.keys().collect();
        names.sort();
        for name in names {
            let var = &vars[name];
            match self.tensors.get(name) {
                Some(t) => {
                    if t.shape() != var.shape() {
                        return Err(Error::Shape(format!(
                            "`{name}` is {:?} in {} but the model expects {:?}",
                            t.dims(),
                            self.path.display(),
                            var.dims()
                        )));
                    }
                    var.set(&t.to_dtype(var.dtype())?)?;
                    report.loaded.push(name.clone());
                }
                None => report.missing.push(name.clone()),
            }
        }
        report.unused = self
            .names()
            .into_iter()
            .filter(|n| !vars.contains_key(n))
            .collect();
        Ok(report)
    }
}

/// Every variable of `varmap` by name.
pub fn varmap_tensors(varmap: &VarMap) -> HashMap<String, Tensor> {
    varmap
        .data()
        .lock()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_tensor().clone()))
        .collect()
}

/// Saves every variable of `varmap` to a safetensors file.
pub fn save_varmap(varmap: &VarMap, path: impl AsRef<Path>) -> Result<()> {
    save_tensors(&varmap_tensors(varmap), path.as_ref())
}

/// Saves named tensors to a safetensors file, writing to a temporary file
/// first so an interrupted save never leaves a truncated checkpoint.
pub fn save_tensors(tensors: &HashMap<String, Tensor>, path: &Path) -> Result<()> {
    let tmp = path.with_extension("safetensors.tmp");
    candle_core::safetensors::save(tensors, &tmp)?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}

/// Rewrites the safetensors file `src` at `dst` with every f32 tensor stored as f16: half
/// the size on disk for a shipped model. Loading converts back to f32 (the CPU computes in
/// f32, which is faster there than f16), so only the weights' last bits are lost.
pub fn write_half_precision(src: &Path, dst: &Path) -> Result<()> {
    let weights = Weights::load(src)?;
    save_half_precision(&weights.tensors, dst)
}

/// Saves `tensors` at `dst` with every f32 tensor as f16 (see [`write_half_precision`]).
pub fn save_half_precision(tensors: &HashMap<String, Tensor>, dst: &Path) -> Result<()> {
    let mut half = HashMap::new();
    for (name, t) in tensors {
        let t = if t.dtype() == DType::F32 { t.to_dtype(DType::F16)? } else { t.clone() };
        half.insert(name.clone(), t);
    }
    save_tensors(&half, dst)
}

fn normalize_name(name: &str, has_bert_prefix: bool) -> String {
    let mut n = name.to_string();
    if let Some(stem) = n.strip_suffix("LayerNorm.gamma") {
        n = format!("{stem}LayerNorm.weight");
    } else if let Some(stem) = n.strip_suffix("LayerNorm.beta") {
        n = format!("{stem}LayerNorm.bias");
    }
    if !has_bert_prefix && (n.starts_with("embeddings.") || n.starts_with("encoder.")) {
        n = format!("bert.{n}");
    }
    n
}

enum Problem {
    Missing(String),
    Shape(String),
}

/// A VarBuilder backend over a tensor map that remembers the first tensor it
/// could not serve, so the error can name the key.
struct Recording {
    tensors: HashMap<String, Tensor>,
    problem: Arc<Mutex<Option<Problem>>>,
}

impl Recording {
    fn fail(&self, p: Problem) {
        let mut slot = self.problem.lock().unwrap();
        if slot.is_none() {
            *slot = Some(p);
        }
    }

    fn fetch(&self, name: &str) -> candle_core::Result<&Tensor> {
        self.tensors.get(name).ok_or_else(|| {
            self.fail(Problem::Missing(name.to_string()));
            candle_core::Error::CannotFindTensor {
                path: name.to_string(),
            }
        })
    }
}

impl SimpleBackend for Recording {
    fn get(
        &self,
        s: Shape,
        name: &str,
        _: candle_nn::Init,
        dtype: DType,
        dev: &Device,
    ) -> candle_core::Result<Tensor> {
        let t = self.fetch(name)?;
        if t.shape() != &s {
            let msg = format!(
                "`{name}` has shape {:?}, the model expects {:?}",
                t.dims(),
                s.dims()
            );
            self.fail(Problem::Shape(msg.clone()));
            candle_core::bail!("{msg}");
        }
        t.to_device(dev)?.to_dtype(dtype)
    }

    fn get_unchecked(&self, name: &str, dtype: DType, dev: &Device) -> candle_core::Result<Tensor> {
        self.fetch(name)?.to_device(dev)?.to_dtype(dtype)
    }

    fn contains_tensor(&self, name: &str) -> bool {
        self.tensors.contains_key(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_normalised() {
        assert_eq!(
            normalize_name("encoder.layer.0.output.LayerNorm.gamma", false),
            "bert.encoder.layer.0.output.LayerNorm.weight"
        );
        assert_eq!(
            normalize_name("bert.embeddings.LayerNorm.beta", true),
            "bert.embeddings.LayerNorm.bias"
        );
        assert_eq!(
            normalize_name("cls.predictions.bias", true),
            "cls.predictions.bias"
        );
    }

    #[test]
    fn missing_file_is_named() {
        let err = Weights::load("/nonexistent/model.safetensors").unwrap_err();
        assert!(
            err.to_string().contains("/nonexistent/model.safetensors"),
            "{err}"
        );
    }
}

#[cfg(all(test, feature = "train"))]
mod half_tests {
    use super::*;
    use crate::labels::Labels;
    use crate::tagger::Tagger;
    use crate::test_util::{scratch_dir, tiny_config};
    use crate::train::{new_tagger, save_model_dir};

    /// A tagger stored in f16 loads, is half the size, and labels like the f32 one.
    #[test]
    fn half_precision_copy_loads_and_agrees() -> Result<()> {
        let config = tiny_config();
        let (varmap, _, _) = new_tagger(&config, 9, 3, None, 5)?;
        let full = scratch_dir("half-full");
        save_model_dir(&full, &config, &Labels::default(), &varmap)?;
        let half = scratch_dir("half-half");
        for f in [CONFIG_FILE, LABELS_FILE] {
            std::fs::copy(full.join(f), half.join(f)).unwrap();
        }
        write_half_precision(&full.join(WEIGHTS_FILE), &half.join(WEIGHTS_FILE))?;
        let size = |d: &Path| std::fs::metadata(d.join(WEIGHTS_FILE)).unwrap().len();
        assert!(size(&half) * 10 < size(&full) * 6, "{} vs {}", size(&half), size(&full));
        let seqs = vec![vec![5, 9, 11, 7, 30], vec![8, 8, 2]];
        let a = Tagger::load(&full)?.predict(&seqs)?;
        let b = Tagger::load(&half)?.predict(&seqs)?;
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.entity, y.entity);
            for (p, q) in x.entity_confidence.iter().zip(&y.entity_confidence) {
                assert!((p - q).abs() < 1e-2, "{p} vs {q}");
            }
        }
        std::fs::remove_dir_all(&full).ok();
        std::fs::remove_dir_all(&half).ok();
        Ok(())
    }
}

#[cfg(all(test, feature = "train"))]
mod hf_tests {
    use super::*;
    use crate::heads::{BertForMaskedLM, BertTagger};
    use crate::test_util::{scratch_dir, tiny_config};
    use crate::train::new_tagger;

    /// The keys of a PyTorch `BertForMaskedLM` state dict as saved by
    /// `save_pretrained` (tied decoder weight omitted), written out by hand.
    fn hf_mlm_keys(layers: usize) -> Vec<String> {
        let mut k: Vec<String> = [
            "bert.embeddings.word_embeddings.weight",
            "bert.embeddings.position_embeddings.weight",
            "bert.embeddings.token_type_embeddings.weight",
            "bert.embeddings.LayerNorm.weight",
            "bert.embeddings.LayerNorm.bias",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for i in 0..layers {
            for s in [
                "attention.self.query.weight",
                "attention.self.query.bias",
                "attention.self.key.weight",
                "attention.self.key.bias",
                "attention.self.value.weight",
                "attention.self.value.bias",
                "attention.output.dense.weight",
                "attention.output.dense.bias",
                "attention.output.LayerNorm.weight",
                "attention.output.LayerNorm.bias",
                "intermediate.dense.weight",
                "intermediate.dense.bias",
                "output.dense.weight",
                "output.dense.bias",
                "output.LayerNorm.weight",
                "output.LayerNorm.bias",
            ] {
                k.push(format!("bert.encoder.layer.{i}.{s}"));
            }
        }
        for s in [
            "cls.predictions.bias",
            "cls.predictions.transform.dense.weight",
            "cls.predictions.transform.dense.bias",
            "cls.predictions.transform.LayerNorm.weight",
            "cls.predictions.transform.LayerNorm.bias",
        ] {
            k.push(s.to_string());
        }
        k.sort();
        k
    }

    /// Writes an HF-named MLM safetensors file with shapes taken from a
    /// VarMap-built model (plus the int64 `position_ids` buffer HF adds).
    fn write_hf_mlm(path: &Path, drop: Option<&str>) -> Vec<String> {
        let config = tiny_config();
        let vm = VarMap::new();
        let vb = VarBuilder::from_varmap(&vm, DType::F32, &Device::Cpu);
        BertForMaskedLM::load(vb, &config).unwrap();
        let mut tensors: HashMap<String, Tensor> = vm
            .data()
            .lock()
            .unwrap()
            .iter()
            .filter(|(k, _)| Some(k.as_str()) != drop)
            .map(|(k, v)| (k.clone(), v.as_tensor().clone()))
            .collect();
        let names: Vec<String> = {
            let mut n: Vec<String> = vm.data().lock().unwrap().keys().cloned().collect();
            n.sort();
            n
        };
        tensors.insert(
            "bert.embeddings.position_ids".into(),
            Tensor::arange(0i64, config.max_position_embeddings as i64, &Device::Cpu)
                .unwrap()
                .unsqueeze(0)
                .unwrap(),
        );
        save_tensors(&tensors, path).unwrap();
        names
    }

    #[test]
    fn model_asks_for_exactly_the_hugging_face_names() {
        let dir = scratch_dir("hf-names");
        let names = write_hf_mlm(&dir.join("mlm.safetensors"), None);
        assert_eq!(names, hf_mlm_keys(tiny_config().num_hidden_layers));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn hf_mlm_checkpoint_loads_and_missing_tensor_is_named() -> Result<()> {
        let dir = scratch_dir("hf-load");
        let config = tiny_config();
        let path = dir.join("mlm.safetensors");
        write_hf_mlm(&path, None);
        let w = Weights::load(&path)?;
        let mlm = w.build(|vb| BertForMaskedLM::load(vb, &config))?;
        let ids = Tensor::new(&[[2u32, 7, 8, 9, 3]], &Device::Cpu)?;
        assert_eq!(
            mlm.forward(&ids, None, false)?.dims(),
            &[1, 5, config.vocab_size]
        );

        // A tagger can't be built strictly from an MLM file: the heads are missing.
        match w.build(|vb| BertTagger::load(vb, &config, 9, 3)) {
            Err(Error::MissingTensor { name, path: p }) => {
                assert!(name.ends_with("classifier.weight"), "{name}");
                assert_eq!(p, path);
            }
            other => panic!("expected MissingTensor, got {other:?}"),
        }
        // ...but it initialises one for training, heads fresh.
        let (vm, _, report) = new_tagger(&config, 9, 3, Some(&path), 0)?;
        let report = report.unwrap();
        assert_eq!(
            report.missing,
            vec![
                "entity_classifier.bias",
                "entity_classifier.weight",
                "role_classifier.bias",
                "role_classifier.weight"
            ]
        );
        assert!(report.unused.iter().any(|n| n == "cls.predictions.bias"));
        let key = "bert.encoder.layer.1.output.dense.weight";
        let diff = (vm.data().lock().unwrap()[key].as_tensor() - w.get(key).unwrap())?
            .abs()?
            .max_all()?
            .to_scalar::<f32>()?;
        assert_eq!(diff, 0.0);

        // Drop one tensor: the error names its key.
        let missing = "bert.encoder.layer.1.attention.self.key.bias";
        write_hf_mlm(&path, Some(missing));
        match Weights::load(&path)?.build(|vb| BertForMaskedLM::load(vb, &config)) {
            Err(e @ Error::MissingTensor { .. }) => assert!(e.to_string().contains(missing), "{e}"),
            other => panic!("expected MissingTensor, got {other:?}"),
        }
        std::fs::remove_dir_all(&dir).ok();
        Ok(())
    }

    #[test]
    fn gamma_beta_and_unprefixed_names_load() -> Result<()> {
        let dir = scratch_dir("hf-old-names");
        let config = tiny_config();
        let vm = VarMap::new();
        let vb = VarBuilder::from_varmap(&vm, DType::F32, &Device::Cpu);
        crate::BertModel::load(vb.pp("bert"), &config)?;
        let tensors: HashMap<String, Tensor> = vm
            .data()
            .lock()
            .unwrap()
            .iter()
            .map(|(k, v)| {
                let k = k
                    .strip_prefix("bert.")
                    .unwrap()
                    .replace("LayerNorm.weight", "LayerNorm.gamma")
                    .replace("LayerNorm.bias", "LayerNorm.beta");
                (k, v.as_tensor().clone())
            })
            .collect();
        let path = dir.join("old.safetensors");
        save_tensors(&tensors, &path)?;
        let w = Weights::load(&path)?;
        w.build(|vb| crate::BertModel::load(vb.pp("bert"), &config))?;
        std::fs::remove_dir_all(&dir).ok();
        Ok(())
    }
}
