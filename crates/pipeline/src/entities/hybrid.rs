//! The default entity source: the word tagger's names, places and organizations, shaped to
//! ANNOTATION.md's conventions by the rules, and the rules' roles and organizations added.

use crate::document::EntityType;
use crate::entities::name_spans;
use crate::entities::rules::{Found, RuleEntities, SPAN_CONFIDENCE};
use crate::lexicon::Lexicon;
use crate::view::{token_range, Context, Tok};
use qawl_tokenizer::Span;
use std::collections::HashMap;

/// Merges the tagger's spans with the rules'. Chosen on the real-news development gold
/// (`data/gold-news/dev`, issue 8 item 4), where the word tagger alone finds names, places and
/// organizations far better than the rules (PERSON F1 78.0 against 41.7):
/// - names, places and organizations are the tagger's, at any confidence (a floor of 0.4 or
///   0.6 moved dev F1 by less than a point either way), a name cut in two joined, and a name
///   widened to a rule name that holds it when the words it adds are name words
///   (`محمد بن حمد` → `محمد بن حمد المري`); a rule span that swallows a verb or a place loses;
/// - the rules add organizations where the tagger has no span (dev ORG 55.0 → 56.9), places
///   after a head (`منطقة عسير`) and names that start with a known given name, not other places
///   (dev LOC 76.2 → 75.4) or names (their extra names were mostly false: PERSON 78.5 → 73.7);
/// - roles are the rules' first (their spans follow the title conventions the roles stage
///   links), then the tagger's where no rule role overlaps (dev ROLE 41.0 → 55.0).
/// MISC is not an ANNOTATION.md type.
pub fn merge(model: Vec<Found>, ctx: &Context) -> Vec<Found> {
    let (lex, toks, chars) = (ctx.lexicon, ctx.tokens, ctx.chars());
    let rule_entities = RuleEntities::new(ctx);
    let rules = rule_entities.find();
    let named = |f: &Found| matches!(f.kind, EntityType::Person | EntityType::Org | EntityType::Loc);
    let names = join_adjacent_names(model.iter().filter(|f| named(f)).cloned().collect(), toks, chars);
    let names = extend_names(trim_honorifics(vote_types(names, chars), lex, toks), &rules, lex, toks);
    let names = extend_orgs(names, &rules, lex, toks);
    let alone = name_spans::written_alone(toks);
    let names = name_spans::split_coordinated(name_spans::strip_glued_clitics(names, lex, toks, chars, &alone), lex, toks, chars, &alone);
    let names = name_spans::trim_common_tail(names, lex, toks);
    let names = name_spans::drop_suffixed_titles(name_spans::trim_leading_non_name(names, lex, toks), lex, toks);
    let names = given_name_before(names, lex, toks, chars);
    let mut out = names.clone();
    out.extend(rules.iter().filter(|r| r.kind == EntityType::Role).cloned());
    // Places the rules find after a head (`منطقة عسير`) are the convention's whole phrase.
    let headed_place = |r: &Found| {
        let first = toks.partition_point(|t| t.span.end <= r.span.start);
        let head = |k: usize| toks.get(k).is_some_and(|t| lex.loc_heads_in_span.contains(t.host_norm.as_str()));
        r.kind == EntityType::Loc && (head(first) || (first > 0 && head(first - 1)))
    };
    // A rule name of two words or more that starts with a known given name, where the tagger
    // read nothing (dev: one false name more; own gold PERSON 92.6 -> 94.0).
    let given_first = |r: &Found| {
        let first = toks.partition_point(|t| t.span.end <= r.span.start);
        r.kind == EntityType::Person && first < toks.len() && rule_entities.starts_with_given_name(first) && toks.get(first + 1).is_some_and(|t| t.span.start < r.span.end)
    };
    out.extend(rules.iter().filter(|r| (r.kind == EntityType::Org || headed_place(r) || given_first(r)) && !names.iter().any(|t| t.span.overlap(&r.span) > 0)).cloned());
    // A headed place inside a tagger organization is nested, as ANNOTATION.md nests them
    // (`المديرية العامة للتربية والتعليم بمحافظة الداخلية` holds `محافظة الداخلية`).
    let inside_org = |r: &Found| names.iter().any(|t| t.kind == EntityType::Org && t.span.start < r.span.start && t.span.end >= r.span.end);
    let only_in_orgs = |r: &Found| names.iter().all(|t| t.span.overlap(&r.span) == 0 || (t.kind == EntityType::Org && t.span.start < r.span.start && t.span.end >= r.span.end));
    out.extend(rules.iter().filter(|r| headed_place(r) && inside_org(r) && only_in_orgs(r)).cloned());
    let mut out = widen_places(out, lex, toks);
    let mut rule_roles: Vec<Span> = rules.iter().filter(|f| f.kind == EntityType::Role).map(|f| f.span).collect();
    // The rules' roles next to the tagger's names too (`اللاعب البرازيلي نيمار`).
    let tagger_names: Vec<Span> = names.iter().filter(|f| f.kind == EntityType::Person).map(|f| f.span).collect();
    for s in rule_entities.roles_around(&tagger_names) {
        if !rule_roles.iter().any(|r| r.overlap(&s) > 0) {
            rule_roles.push(s);
            out.push(Found { kind: EntityType::Role, span: s, confidence: SPAN_CONFIDENCE });
        }
    }
    out.extend(model.into_iter().filter(|f| f.kind == EntityType::Role && !rule_roles.iter().any(|r| r.overlap(&f.span) > 0)));
    out
}

/// One spelling, one type in a document: the tagger's spans of the same text take the type with
/// the most confidence summed over them (`ميتا` ORG 0.98 + 0.90 against PERSON 0.79 + 0.75).
fn vote_types(mut names: Vec<Found>, chars: &[char]) -> Vec<Found> {
    let text = |f: &Found| chars[f.span.start..f.span.end].iter().collect::<String>();
    let mut votes: HashMap<String, [f32; 3]> = HashMap::new();
    let slot = |k: EntityType| match k {
        EntityType::Person => 0,
        EntityType::Org => 1,
        _ => 2,
    };
    for f in &names {
        votes.entry(text(f)).or_default()[slot(f.kind)] += f.confidence;
    }
    for f in &mut names {
        let v = votes[&text(f)];
        let best = (0..3).max_by(|&a, &b| v[a].total_cmp(&v[b])).unwrap_or(0);
        if v[best] > v[slot(f.kind)] {
            f.kind = [EntityType::Person, EntityType::Org, EntityType::Loc][best];
        }
    }
    names
}

/// Honorifics around a tagger name are outside it (`هيثم بن طارق المعظم`, `الشيخ …`), as the
/// rules and ANNOTATION.md have them, and so is whatever stands before one inside it.
fn trim_honorifics(names: Vec<Found>, lex: &Lexicon, toks: &[Tok]) -> Vec<Found> {
    names
        .into_iter()
        .filter_map(|mut f| {
            if f.kind != EntityType::Person {
                return Some(f);
            }
            let mut run = toks.partition_point(|t| t.span.end <= f.span.start)..toks.partition_point(|t| t.span.start < f.span.end);
            let honorific = |k: usize| lex.honorifics.contains(toks[k].host_norm.as_str());
            // The name starts after the last honorific before its last word when no name word
            // comes before it (`سليلة النبي محمد`; but `محمد سرحان السيد`, a family name).
            if let Some(k) = (run.start..run.end.saturating_sub(1)).rev().find(|&k| honorific(k)) {
                if !(run.start..k).any(|j| lex.is_name_word(&toks[j].host_norm)) {
                    run.start = k + 1;
                }
            }
            // After a name particle an honorific is a family name (`تركي آل الشيخ`).
            let after_particle = |k: usize| k > 0 && lex.name_particles.contains(toks[k - 1].host_norm.as_str());
            while !run.is_empty() && honorific(run.end - 1) && !after_particle(run.end - 1) {
                run.end -= 1;
            }
            if run.is_empty() {
                return None;
            }
            f.span = Span::new(f.span.start.max(toks[run.start].host.start), f.span.end.min(toks[run.end - 1].span.end));
            Some(f)
        })
        .collect()
}

/// A place right after a head that ANNOTATION.md keeps in the span (`منطقة`, `سلطنة`) takes
/// the head in, whether the tagger left the head out or read it as a place of its own
/// (`سلطنة | عمان` → `سلطنة عمان`).
fn widen_places(names: Vec<Found>, lex: &Lexicon, toks: &[Tok]) -> Vec<Found> {
    let head_at = |k: usize| lex.loc_heads_in_span.contains(toks[k].host_norm.as_str());
    let mut out: Vec<Found> = Vec::with_capacity(names.len());
    let mut sorted = names;
    sorted.sort_by_key(|f| (f.span.start, f.span.end));
    for mut f in sorted {
        if f.kind == EntityType::Loc {
            let first = toks.partition_point(|t| t.span.end <= f.span.start);
            if first > 0 && first < toks.len() && head_at(first - 1) && toks[first].span.start >= f.span.start {
                let head = &toks[first - 1];
                match out.last() {
                    // The head read as a place of its own: one span.
                    Some(prev) if prev.kind == EntityType::Loc && prev.span.start >= head.host.start && prev.span.end <= head.span.end => {
                        let prev = out.pop().expect("checked");
                        f.span = Span::new(prev.span.start, f.span.end);
                    }
                    Some(prev) if prev.span.end > head.host.start => {}
                    _ => f.span = Span::new(head.host.start, f.span.end),
                }
            }
        }
        out.push(f);
    }
    out
}

/// Two PERSON spans with only a space between them are one name the tagger cut in two
/// (`ادينور | ليوناردو باكي`), unless the second word starts with a conjunction.
fn join_adjacent_names(mut model: Vec<Found>, toks: &[Tok], chars: &[char]) -> Vec<Found> {
    model.sort_by_key(|f| (f.span.start, f.span.end));
    let mut out: Vec<Found> = Vec::with_capacity(model.len());
    for f in model {
        if let Some(last) = out.last_mut() {
            let between = last.span.end <= f.span.start && chars[last.span.end..f.span.start].iter().all(|c| *c == ' ');
            let conj = toks.get(toks.partition_point(|t| t.span.end <= f.span.start)).is_some_and(|t| t.conj);
            if last.kind == EntityType::Person && f.kind == EntityType::Person && between && f.span.start - last.span.end == 1 && !conj {
                last.span = Span::new(last.span.start, f.span.end);
                last.confidence = last.confidence.min(f.confidence);
                continue;
            }
        }
        out.push(f);
    }
    out
}

/// A rule name that holds a tagger name and adds only name words (particles, given names,
/// the word after a particle: `آل علي`, `بنت عيسى`) takes the tagger name's place.
fn extend_names(model: Vec<Found>, rules: &[Found], lex: &Lexicon, toks: &[Tok]) -> Vec<Found> {
    let namey = |k: usize| {
        let h = toks[k].host_norm.as_str();
        lex.name_particles.contains(h) || lex.given_names.contains(h) || lex.name_tokens.contains(h) || (k > 0 && lex.name_particles.contains(toks[k - 1].host_norm.as_str()))
    };
    let others: Vec<Span> = model.iter().filter(|f| f.kind != EntityType::Person).map(|f| f.span).collect();
    // A definite word right after the name that is no common word, place or nationality is its
    // family name (`عزة بنت خلفان اليعربية`); after a chain `X بنت Y` it may be a nationality's
    // spelling too (`مريم بنت سعيد الكندية`).
    let family = |k: usize| {
        let h = toks[k].host_norm.as_str();
        let chain = k >= 2 && lex.name_particles.contains(toks[k - 2].host_norm.as_str());
        toks[k].article && !lex.common_words.contains(h) && (chain || (!lex.locations.contains(h) && !lex.nationalities.contains(h)))
    };
    let free = |k: usize| !others.iter().any(|o| o.overlap(&toks[k].span) > 0);
    model
        .into_iter()
        .map(|mut f| {
            if f.kind != EntityType::Person {
                return f;
            }
            let wider = rules.iter().filter(|r| r.kind == EntityType::Person && r.span.start <= f.span.start && r.span.end >= f.span.end && r.span != f.span).max_by_key(|r| r.span.len());
            if let Some(r) = wider {
                // Tokens are in text order: those of `r` are a run found by binary search.
                let run = toks.partition_point(|t| t.span.end <= r.span.start)..toks.partition_point(|t| t.span.start < r.span.end);
                let last = run.end.saturating_sub(1);
                let wanted = |k: usize| free(k) && (namey(k) || (k == last && toks[k].span.start >= f.span.end && family(k)));
                if run.filter(|&k| toks[k].span.overlap(&f.span) == 0).all(wanted) {
                    f.span = r.span;
                    return f;
                }
            }
            // The tagger stopped before a family name of that shape (`محمد ارشيد المواجدة إنه`).
            let run = token_range(toks, f.span);
            let next = run.end;
            let spaced = next < toks.len() && toks[next].span.start == f.span.end + 1;
            if run.len() >= 2 && spaced && free(next) && !toks[next].has_clitic() && family(next) && !lex.is_role_head(&toks[next].host_norm) && !lex.is_org_head(&toks[next].host_norm) && !lex.honorifics.contains(&toks[next].host_norm) {
                f.span = Span::new(f.span.start, toks[next].span.end);
            }
            f
        })
        .collect()
}

/// A tagger organization that starts at a `لل` word (`للتربية`) read only the tail of a rule
/// organization that opens with a head and ends where it ends: the `لل` word is the head's
/// complement (`المديرية العامة للتربية والتعليم بمحافظة الداخلية`). Any tagger span nested in
/// a headed rule span was tried first and lost on dev (ORG 61.65 → 60.44: `مجلس شورى حزب الله`).
fn extend_orgs(model: Vec<Found>, rules: &[Found], lex: &Lexicon, toks: &[Tok]) -> Vec<Found> {
    model
        .into_iter()
        .map(|mut f| {
            if f.kind != EntityType::Org {
                return f;
            }
            let at = toks.partition_point(|t| t.span.end <= f.span.start);
            if !toks.get(at).is_some_and(|t| t.prep == Some('ل') && t.article) {
                return f;
            }
            let wider = rules.iter().find(|r| {
                let first = toks.partition_point(|t| t.span.end <= r.span.start);
                r.kind == EntityType::Org && r.span.start < f.span.start && r.span.end == f.span.end && toks.get(first).is_some_and(|t| lex.is_org_head(&t.host_norm))
            });
            if let Some(r) = wider {
                f.span = r.span;
            }
            f
        })
        .collect()
}

/// A known given name right before a tagger name, one space apart and in no other span, is
/// its first name the tagger dropped (`علي | يوسف شراره`, `عبدربه | منصور هادي`). Not after
/// a `ى` in the text: normalization spells `على` as the name `علي`.
fn given_name_before(mut names: Vec<Found>, lex: &Lexicon, toks: &[Tok], chars: &[char]) -> Vec<Found> {
    let spans: Vec<Span> = names.iter().map(|f| f.span).collect();
    for f in names.iter_mut().filter(|f| f.kind == EntityType::Person) {
        let first = toks.partition_point(|t| t.span.end <= f.span.start);
        let Some(k) = first.checked_sub(1) else { continue };
        let t = &toks[k];
        let spaced = t.span.end + 1 == f.span.start && chars[t.span.end] == ' ';
        let alef_maqsura = chars[t.span.end - 1] == 'ى';
        let free = !spans.iter().any(|s| s.overlap(&t.span) > 0);
        // A definite word or a nationality there is a description (`الكندي جاستين ترودو`).
        let plain = !t.article && !lex.nationalities.contains(t.host_norm.as_str()) && !lex.stopwords.contains(t.host_norm.as_str());
        if t.is_word() && !t.has_clitic() && spaced && !alef_maqsura && free && plain && lex.given_names.contains(t.host_norm.as_str()) {
            f.span = Span::new(t.span.start, f.span.end);
        }
    }
    names
}
