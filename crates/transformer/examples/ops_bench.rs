use std::time::Instant;
use candle_core::{Device, Tensor, Var, D, DType};

fn bench(name: &str, f: &dyn Fn() -> candle_core::Result<()>) -> candle_core::Result<()> {
    f()?;
    let mut best = f64::MAX;
    for _ in 0..7 { let t0 = Instant::now(); f()?; best = best.min(t0.elapsed().as_secs_f64()); }
    println!("{name}: {:.1} ms (best of 7)", best * 1000.0);
    Ok(())
}

fn main() -> candle_core::Result<()> {
    let dev = Device::Cpu;
    let s = Var::from_tensor(&Tensor::randn(0f32, 1.0, (16, 4, 128, 128), &dev)?)?;
    let x = Var::from_tensor(&Tensor::randn(0f32, 1.0, (16, 128, 256), &dev)?)?;
    let g = Var::from_tensor(&Tensor::ones(256, DType::F32, &dev)?)?;
    let b = Var::from_tensor(&Tensor::zeros(256, DType::F32, &dev)?)?;
    let h = Var::from_tensor(&Tensor::randn(0f32, 1.0, (2048, 1024), &dev)?)?;
    let w = Var::from_tensor(&Tensor::randn(0f32, 0.02, (1024, 256), &dev)?)?;
    let bias = Var::from_tensor(&Tensor::zeros(1024, DType::F32, &dev)?)?;
    let xm = Var::from_tensor(&x.as_tensor().reshape((2048, 256))?)?;
    bench("candle softmax fwd+bwd", &|| { candle_nn::ops::softmax(s.as_tensor(), D::Minus1)?.sum_all()?.backward()?; Ok(()) })?;
    bench("qawl softmax fwd+bwd", &|| { qawl_transformer::ops::softmax_last_dim(s.as_tensor())?.sum_all()?.backward()?; Ok(()) })?;
    bench("candle layernorm fwd+bwd", &|| { candle_nn::ops::layer_norm_slow(x.as_tensor(), &g, &b, 1e-12)?.sum_all()?.backward()?; Ok(()) })?;
    bench("qawl layernorm fwd+bwd", &|| { qawl_transformer::ops::layer_norm(x.as_tensor(), &g, &b, 1e-12)?.sum_all()?.backward()?; Ok(()) })?;
    bench("candle gelu fwd+bwd", &|| { h.as_tensor().gelu_erf()?.sum_all()?.backward()?; Ok(()) })?;
    bench("qawl gelu fwd+bwd", &|| { qawl_transformer::ops::gelu_erf(h.as_tensor())?.sum_all()?.backward()?; Ok(()) })?;
    bench("candle gelu fwd", &|| { h.as_tensor().gelu_erf()?; Ok(()) })?;
    bench("qawl gelu fwd", &|| { qawl_transformer::ops::gelu_erf(h.as_tensor())?; Ok(()) })?;
    let up = Tensor::randn(0f32, 1.0, (2048, 1024), &dev)?;
    bench("qawl gelu fwd+bwd contiguous grad", &|| { (qawl_transformer::ops::gelu_erf(h.as_tensor())? * &up)?.sum_all()?.backward()?; Ok(()) })?;
    bench("mul+sum fwd+bwd baseline", &|| { (h.as_tensor() * &up)?.sum_all()?.backward()?; Ok(()) })?;
    bench("sum_all fwd+bwd (baseline)", &|| { h.as_tensor().sum_all()?.backward()?; Ok(()) })?;
    bench("matmul 2048x256 @ 256x1024 fwd", &|| { xm.as_tensor().matmul(&w.t()?)?; Ok(()) })?;
    bench("matmul fwd+bwd", &|| { xm.as_tensor().matmul(&w.t()?)?.sum_all()?.backward()?; Ok(()) })?;
    bench("matmul+bias fwd+bwd", &|| { xm.as_tensor().matmul(&w.t()?)?.broadcast_add(&bias)?.sum_all()?.backward()?; Ok(()) })?;
    bench("matmul+add_bias fwd+bwd", &|| { qawl_transformer::ops::add_bias(&xm.as_tensor().matmul(&w.t()?)?, &bias)?.sum_all()?.backward()?; Ok(()) })?;
    bench("matmul contiguous-w fwd+bwd", &|| { let wt = w.as_tensor().t()?.contiguous()?; xm.as_tensor().matmul(&wt)?.sum_all()?.backward()?; Ok(()) })?;
    Ok(())
}
