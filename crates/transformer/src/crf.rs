//! A linear-chain CRF over one head's labels (Lafferty et al. 2001; as in Lample et al.
//! 2016): learned transition scores between labels and from the start and to the end of a
//! sentence, added to the per-word emission scores. The BIO constraints are forbidden
//! transitions: a constant [`FORBIDDEN`] added to `I-X` after anything but `B-X`/`I-X`
//! and to `I-X` at the start, in training and at inference alike, so no probability goes
//! to an invalid sequence and Viterbi never returns one.
//!
//! Training minimises the negative log-likelihood: the log-partition comes from the
//! forward algorithm written with tensor ops, so autograd differentiates it; the gold
//! path's score is a sum of one-hot products. Inference runs on the host: Viterbi for the
//! labels and forward-backward for each word's marginal probability (the confidence).
//!
//! Tensor names, below the head's prefix: `transitions` (`[from, to]`),
//! `start_transitions`, `end_transitions`, as in the `pytorch-crf` package.

use candle_core::{DType, Device, Result, Tensor};
use candle_nn::{Init, VarBuilder};

use crate::decode::{BioScheme, FORBIDDEN};

#[derive(Debug, Clone)]
pub struct Crf {
    transitions: Tensor,
    start: Tensor,
    end: Tensor,
    /// `[labels, labels]` and `[labels]`: 0 where allowed, [`FORBIDDEN`] where not.
    forbidden: Vec<f32>,
    forbidden_start: Vec<f32>,
    labels: usize,
}

/// The CRF's scores on the host, constraints included: what decoding needs.
#[derive(Debug, Clone, PartialEq)]
pub struct CrfScores {
    pub labels: usize,
    /// `[from * labels + to]`.
    pub transitions: Vec<f32>,
    pub start: Vec<f32>,
    pub end: Vec<f32>,
}

impl Crf {
    /// `vb` points at the head's CRF (`entity_crf`); scores start at 0.
    pub fn load(vb: VarBuilder, scheme: &BioScheme) -> Result<Self> {
        let n = scheme.num_labels();
        let zero = Init::Const(0.0);
        let mut forbidden = vec![0f32; n * n];
        for i in 0..n {
            for j in 0..n {
                if !scheme.allowed(Some(i), j) {
                    forbidden[i * n + j] = FORBIDDEN;
                }
            }
        }
        let forbidden_start = (0..n).map(|j| if scheme.allowed(None, j) { 0.0 } else { FORBIDDEN }).collect();
        Ok(Self {
            transitions: vb.get_with_hints((n, n), "transitions", zero)?,
            start: vb.get_with_hints(n, "start_transitions", zero)?,
            end: vb.get_with_hints(n, "end_transitions", zero)?,
            forbidden,
            forbidden_start,
            labels: n,
        })
    }

    pub fn num_labels(&self) -> usize {
        self.labels
    }

    /// Transition, start and end scores with the constraints added, in `dtype`.
    fn constrained(&self, dtype: DType, device: &Device) -> Result<(Tensor, Tensor, Tensor)> {
        let n = self.labels;
        let f = Tensor::from_slice(&self.forbidden, (n, n), device)?.to_dtype(dtype)?;
        let fs = Tensor::from_slice(&self.forbidden_start, n, device)?.to_dtype(dtype)?;
        Ok(((self.transitions.to_dtype(dtype)? + f)?, (self.start.to_dtype(dtype)? + fs)?, self.end.to_dtype(dtype)?))
    }

    /// Log-partition of each sentence: `emissions` `[b, t, labels]`, `lengths[i] >= 1`
    /// real words of sentence `i` (the rest is padding). Returns `[b]`.
    pub fn log_partition(&self, emissions: &Tensor, lengths: &[usize]) -> Result<Tensor> {
        let (b, t, _) = emissions.dims3()?;
        check(lengths, b, t)?;
        let (dtype, dev) = (emissions.dtype(), emissions.device());
        let (trans, start, end) = self.constrained(dtype, dev)?;
        let step = |k: usize| emissions.narrow(1, k, 1)?.squeeze(1);
        let mut alpha = step(0)?.broadcast_add(&start)?;
        for k in 1..t {
            // alpha'[j] = logsumexp_i(alpha[i] + trans[i, j]) + e[j], only where k < length.
            let next = alpha.unsqueeze(2)?.broadcast_add(&trans)?.log_sum_exp(1)?.add(&step(k)?)?;
            let live: Vec<f32> = lengths.iter().map(|&l| if k < l { 1.0 } else { 0.0 }).collect();
            let live = Tensor::from_vec(live, (b, 1), dev)?.to_dtype(dtype)?;
            let dead = (1.0 - &live)?;
            alpha = (next.broadcast_mul(&live)? + alpha.broadcast_mul(&dead)?)?;
        }
        alpha.broadcast_add(&end)?.log_sum_exp(1)
    }

    /// Score of given label paths (`tags[i]` holds `lengths[i]` labels). Returns `[b]`.
    pub fn path_score(&self, emissions: &Tensor, tags: &[Vec<usize>], lengths: &[usize]) -> Result<Tensor> {
        let (b, t, n) = emissions.dims3()?;
        check(lengths, b, t)?;
        let (dtype, dev) = (emissions.dtype(), emissions.device());
        let (trans, start, end) = self.constrained(dtype, dev)?;
        // One-hot counts of the emissions, transitions, first and last labels on each path.
        let mut emit = vec![0f32; b * t * n];
        let mut pairs = vec![0f32; b * n * n];
        let mut first = vec![0f32; b * n];
        let mut last = vec![0f32; b * n];
        for (i, (path, &len)) in tags.iter().zip(lengths).enumerate() {
            if path.len() < len || path[..len].iter().any(|&l| l >= n) {
                candle_core::bail!("path {i} has {} labels for {len} words, or a label outside {n}", path.len());
            }
            for k in 0..len {
                emit[(i * t + k) * n + path[k]] = 1.0;
                if k > 0 {
                    pairs[i * n * n + path[k - 1] * n + path[k]] += 1.0;
                }
            }
            first[i * n + path[0]] = 1.0;
            last[i * n + path[len - 1]] = 1.0;
        }
        let hot = |v: Vec<f32>, shape: &[usize]| Tensor::from_vec(v, shape, dev)?.to_dtype(dtype);
        let e = (emissions * hot(emit, &[b, t, n])?)?.sum((1, 2))?;
        let p = hot(pairs, &[b, n * n])?.matmul(&trans.reshape((n * n, 1))?)?.squeeze(1)?;
        let s = hot(first, &[b, n])?.matmul(&start.unsqueeze(1)?)?.squeeze(1)?;
        let l = hot(last, &[b, n])?.matmul(&end.unsqueeze(1)?)?.squeeze(1)?;
        e + p + s + l
    }

    /// Negative log-likelihood of the gold paths, `[b]`: `log Z - score(gold)`.
    pub fn neg_log_likelihood(&self, emissions: &Tensor, tags: &[Vec<usize>], lengths: &[usize]) -> Result<Tensor> {
        self.log_partition(emissions, lengths)? - self.path_score(emissions, tags, lengths)?
    }

    /// The scores, constraints included, as host vectors for [`CrfScores::viterbi`].
    pub fn scores(&self) -> Result<CrfScores> {
        let (t, s, e) = self.constrained(DType::F32, &Device::Cpu)?;
        Ok(CrfScores {
            labels: self.labels,
            transitions: t.flatten_all()?.to_vec1()?,
            start: s.to_vec1()?,
            end: e.to_vec1()?,
        })
    }
}

fn check(lengths: &[usize], b: usize, t: usize) -> Result<()> {
    if lengths.len() != b || lengths.iter().any(|&l| l == 0 || l > t) {
        candle_core::bail!("crf: lengths {lengths:?} for a batch of {b} × {t}");
    }
    Ok(())
}

fn log_sum_exp(xs: impl Iterator<Item = f32> + Clone) -> f32 {
    let m = xs.clone().fold(f32::NEG_INFINITY, f32::max);
    if m == f32::NEG_INFINITY {
        return m;
    }
    m + xs.map(|x| (x - m).exp()).sum::<f32>().ln()
}

impl CrfScores {
    /// The element-wise mean of several CRFs' scores over one label set (an ensemble's):
    /// decoding under it with the mean of their emissions scores each path by the mean of
    /// its scores under every member. `None` when `all` is empty or the label sets differ.
    pub fn mean(all: &[CrfScores]) -> Option<CrfScores> {
        let first = all.first()?;
        if all.iter().any(|c| c.labels != first.labels) {
            return None;
        }
        let n = all.len() as f32;
        let avg = |f: fn(&CrfScores) -> &Vec<f32>| -> Vec<f32> { (0..f(first).len()).map(|i| all.iter().map(|c| f(c)[i]).sum::<f32>() / n).collect() };
        Some(CrfScores { labels: first.labels, transitions: avg(|c| &c.transitions), start: avg(|c| &c.start), end: avg(|c| &c.end) })
    }

    /// The best label path for `emissions` (`[len * labels]`, row-major).
    pub fn viterbi(&self, emissions: &[f32]) -> Vec<usize> {
        let n = self.labels;
        let len = emissions.len() / n;
        if len == 0 {
            return Vec::new();
        }
        let mut score: Vec<f32> = (0..n).map(|j| self.start[j] + emissions[j]).collect();
        let mut back = vec![0usize; len * n];
        let mut next = vec![0f32; n];
        for k in 1..len {
            for j in 0..n {
                let (mut best, mut arg) = (f32::NEG_INFINITY, 0);
                for (i, &s) in score.iter().enumerate() {
                    let v = s + self.transitions[i * n + j];
                    if v > best {
                        best = v;
                        arg = i;
                    }
                }
                next[j] = best + emissions[k * n + j];
                back[k * n + j] = arg;
            }
            std::mem::swap(&mut score, &mut next);
        }
        let mut last = 0;
        for j in 1..n {
            if score[j] + self.end[j] > score[last] + self.end[last] {
                last = j;
            }
        }
        let mut out = vec![0; len];
        out[len - 1] = last;
        for k in (1..len).rev() {
            out[k - 1] = back[k * n + out[k]];
        }
        out
    }

    /// Marginal probability of every label at every word (`[len * labels]`), by
    /// forward-backward.
    pub fn marginals(&self, emissions: &[f32]) -> Vec<f32> {
        let n = self.labels;
        let len = emissions.len() / n;
        if len == 0 {
            return Vec::new();
        }
        let mut alpha = vec![0f32; len * n];
        let mut beta = vec![0f32; len * n];
        for j in 0..n {
            alpha[j] = self.start[j] + emissions[j];
            beta[(len - 1) * n + j] = self.end[j];
        }
        for k in 1..len {
            for j in 0..n {
                let prev = &alpha[(k - 1) * n..k * n];
                alpha[k * n + j] = log_sum_exp((0..n).map(|i| prev[i] + self.transitions[i * n + j])) + emissions[k * n + j];
            }
        }
        for k in (0..len - 1).rev() {
            for i in 0..n {
                let after = &beta[(k + 1) * n..(k + 2) * n];
                let e = &emissions[(k + 1) * n..(k + 2) * n];
                beta[k * n + i] = log_sum_exp((0..n).map(|j| self.transitions[i * n + j] + e[j] + after[j]));
            }
        }
        let z = log_sum_exp((0..n).map(|j| alpha[(len - 1) * n + j] + self.end[j]));
        (0..len * n).map(|x| (alpha[x] + beta[x] - z).exp()).collect()
    }

    /// Log-partition on the host (for tests and checks).
    pub fn log_partition(&self, emissions: &[f32]) -> f32 {
        let n = self.labels;
        let len = emissions.len() / n;
        let mut alpha: Vec<f32> = (0..n).map(|j| self.start[j] + emissions[j]).collect();
        for k in 1..len {
            alpha = (0..n).map(|j| log_sum_exp((0..n).map(|i| alpha[i] + self.transitions[i * n + j])) + emissions[k * n + j]).collect();
        }
        log_sum_exp((0..n).map(|j| alpha[j] + self.end[j]))
    }

    /// Score of one path on the host.
    pub fn path_score(&self, emissions: &[f32], path: &[usize]) -> f32 {
        let n = self.labels;
        let mut s = self.start[path[0]] + self.end[path[path.len() - 1]];
        for (k, &l) in path.iter().enumerate() {
            s += emissions[k * n + l];
            if k > 0 {
                s += self.transitions[path[k - 1] * n + l];
            }
        }
        s
    }
}

/// Confidence of each chosen label: its marginal probability.
pub fn chosen(marginals: &[f32], path: &[usize], labels: usize) -> Vec<f32> {
    path.iter().enumerate().map(|(k, &l)| marginals[k * labels + l]).collect()
}

#[cfg(test)]
mod tests {

    #[test]
    fn mean_scores_average_each_entry_and_refuse_other_label_sets() {
        let c = |x: f32, labels: usize| CrfScores { labels, transitions: vec![x; labels * labels], start: vec![2.0 * x; labels], end: vec![-x; labels] };
        let m = CrfScores::mean(&[c(1.0, 3), c(3.0, 3)]).unwrap();
        assert_eq!(m, c(2.0, 3));
        assert!(CrfScores::mean(&[c(1.0, 3), c(1.0, 2)]).is_none());
        assert!(CrfScores::mean(&[]).is_none());
    }

    use super::*;
    use crate::labels::ROLE_LABELS;
    use candle_core::Var;
    use candle_nn::VarMap;
    use rand::{Rng, SeedableRng};

    /// A CRF over O, B-ROLE, I-ROLE with random scores.
    fn random_crf(seed: u64, dtype: DType) -> (VarMap, Crf) {
        let vm = VarMap::new();
        let vb = VarBuilder::from_varmap(&vm, dtype, &Device::Cpu);
        let crf = Crf::load(vb, &BioScheme::new(&ROLE_LABELS)).unwrap();
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        for var in vm.all_vars() {
            let v: Vec<f64> = (0..var.elem_count()).map(|_| rng.gen_range(-1.0..1.0)).collect();
            var.set(&Tensor::from_vec(v, var.shape(), &Device::Cpu).unwrap().to_dtype(dtype).unwrap()).unwrap();
        }
        (vm, crf)
    }

    fn all_paths(len: usize, n: usize) -> Vec<Vec<usize>> {
        let mut out = vec![vec![]];
        for _ in 0..len {
            out = out.into_iter().flat_map(|p| (0..n).map(move |l| [p.clone(), vec![l]].concat())).collect();
        }
        out
    }

    fn emissions(seed: u64, b: usize, t: usize, n: usize) -> Vec<f32> {
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        (0..b * t * n).map(|_| rng.gen_range(-2.0..2.0)).collect()
    }

    /// log Z from the forward algorithm (tensors, padded batch; and host) equals the
    /// log-sum-exp of every path's score, found by enumeration; the gold score too.
    #[test]
    fn log_likelihood_matches_brute_force() -> Result<()> {
        let (_vm, crf) = random_crf(1, DType::F32);
        let s = crf.scores()?;
        let (b, t, n) = (3, 4, 3);
        let lengths = [4, 2, 3];
        let e = emissions(2, b, t, n);
        let et = Tensor::from_slice(&e, (b, t, n), &Device::Cpu)?;
        let z = crf.log_partition(&et, &lengths)?.to_vec1::<f32>()?;
        let gold: Vec<Vec<usize>> = vec![vec![1, 2, 0, 1], vec![0, 1], vec![1, 1, 2]];
        let nll = crf.neg_log_likelihood(&et, &gold, &lengths)?.to_vec1::<f32>()?;
        for i in 0..b {
            let len = lengths[i];
            let rows = &e[i * t * n..(i * t + len) * n];
            let scores: Vec<f32> = all_paths(len, n).iter().map(|p| s.path_score(rows, p)).collect();
            let brute = log_sum_exp(scores.iter().copied());
            assert!((z[i] - brute).abs() < 1e-4, "{} vs {brute}", z[i]);
            assert!((s.log_partition(rows) - brute).abs() < 1e-4);
            let want = brute - s.path_score(rows, &gold[i]);
            assert!((nll[i] - want).abs() < 1e-4, "{} vs {want}", nll[i]);
            // Marginals sum to one at each word and match the enumeration.
            let m = s.marginals(rows);
            for k in 0..len {
                let total: f32 = m[k * n..(k + 1) * n].iter().sum();
                assert!((total - 1.0).abs() < 1e-4);
                for l in 0..n {
                    let p: f32 = all_paths(len, n).iter().zip(&scores).filter(|(p, _)| p[k] == l).map(|(_, &sc)| (sc - brute).exp()).sum();
                    assert!((m[k * n + l] - p).abs() < 1e-4);
                }
            }
        }
        Ok(())
    }

    /// An invalid path (`I-ROLE` at the start, or after `O`) gets no probability.
    #[test]
    fn forbidden_transitions_have_no_probability() -> Result<()> {
        let (_vm, crf) = random_crf(3, DType::F32);
        let s = crf.scores()?;
        let e = emissions(4, 1, 3, 3);
        let z = s.log_partition(&e);
        for bad in [vec![2, 0, 0], vec![0, 2, 0], vec![1, 0, 2]] {
            assert!(s.path_score(&e, &bad) - z < -1000.0);
        }
        Ok(())
    }

    #[test]
    fn viterbi_matches_brute_force_and_obeys_bio() -> Result<()> {
        let scheme = BioScheme::new(&ROLE_LABELS);
        for seed in 0..30 {
            let (_vm, crf) = random_crf(seed, DType::F32);
            let s = crf.scores()?;
            // Strong emissions for I-ROLE tempt an invalid path.
            let mut e = emissions(seed + 100, 1, 5, 3);
            e[2] += 3.0;
            let best = all_paths(5, 3).into_iter().max_by(|a, b| s.path_score(&e, a).total_cmp(&s.path_score(&e, b))).unwrap();
            let got = s.viterbi(&e);
            assert_eq!(got, best, "seed {seed}");
            assert!(scheme.is_valid(&got));
        }
        Ok(())
    }

    /// The gradient of the mean NLL, from autograd, against central finite differences
    /// (in f64), for the emissions and all three score tables.
    #[test]
    fn loss_gradient_matches_finite_differences() -> Result<()> {
        let (vm, crf) = random_crf(5, DType::F64);
        let (b, t, n) = (2, 3, 3);
        let lengths = [3, 2];
        let gold = vec![vec![1, 2, 0], vec![0, 1]];
        let e0: Vec<f64> = emissions(6, b, t, n).iter().map(|&x| x as f64).collect();
        let ev = Var::from_tensor(&Tensor::from_vec(e0, (b, t, n), &Device::Cpu)?)?;
        let loss = |e: &Tensor| -> Result<f64> { crf.neg_log_likelihood(e, &gold, &lengths)?.mean_all()?.to_scalar::<f64>() };
        let grads = crf.neg_log_likelihood(ev.as_tensor(), &gold, &lengths)?.mean_all()?.backward()?;
        let mut vars: Vec<(String, Var)> = vm.data().lock().unwrap().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        vars.push(("emissions".into(), ev.clone()));
        let h = 1e-5;
        for (name, var) in &vars {
            let g = grads.get(var).expect("a gradient").flatten_all()?.to_vec1::<f64>()?;
            let base = var.as_tensor().flatten_all()?.to_vec1::<f64>()?;
            for k in 0..base.len() {
                let at = |d: f64| -> Result<f64> {
                    let mut v = base.clone();
                    v[k] += d;
                    var.set(&Tensor::from_vec(v, var.shape(), &Device::Cpu)?)?;
                    loss(ev.as_tensor())
                };
                let num = (at(h)? - at(-h)?) / (2.0 * h);
                at(0.0)?;
                assert!((num - g[k]).abs() < 1e-6, "{name}[{k}]: autograd {} vs numeric {num}", g[k]);
            }
        }
        Ok(())
    }
}
