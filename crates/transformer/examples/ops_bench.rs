use std::time::Instant;
use candle_core::{Device, Tensor, Var, D, DType};

fn bench(name: &str, f: &dyn Fn() -> candle_core::Result<()>) -> candle_core::Result<()> {
    f()?;
    let t0 = Instant::now();
    for _ in 0..5 { f()?; }
    println!("{name}: {:.1} ms", t0.elapsed().as_secs_f64() * 200.0);
    Ok(())
}

fn main() -> candle_core::Result<()> {
    let dev = Device::Cpu;
    let s = Var::from_tensor(&Tensor::randn(0f32, 1.0, (16, 4, 128, 128), &dev)?)?;
    let x = Var::from_tensor(&Tensor::randn(0f32, 1.0, (16, 128, 256), &dev)?)?;
    let g = Var::from_tensor(&Tensor::ones(256, DType::F32, &dev)?)?;
    let b = Var::from_tensor(&Tensor::zeros(256, DType::F32, &dev)?)?;
    let w = Var::from_tensor(&Tensor::randn(0f32, 0.02, (1024, 256), &dev)?)?;
    let w2 = Var::from_tensor(&Tensor::randn(0f32, 0.02, (256, 1024), &dev)?)?;
    bench("softmax fwd", &|| { candle_nn::ops::softmax(s.as_tensor(), D::Minus1)?; Ok(()) })?;
    bench("softmax fused fwd", &|| { candle_nn::ops::softmax_last_dim(s.as_tensor())?; Ok(()) })?;
    bench("softmax fwd+bwd", &|| { candle_nn::ops::softmax(s.as_tensor(), D::Minus1)?.sum_all()?.backward()?; Ok(()) })?;
    bench("layernorm slow fwd", &|| { candle_nn::ops::layer_norm_slow(x.as_tensor(), &g, &b, 1e-12)?; Ok(()) })?;
    bench("layernorm fused fwd", &|| { candle_nn::ops::layer_norm(x.as_tensor(), &g, &b, 1e-12)?; Ok(()) })?;
    bench("layernorm slow fwd+bwd", &|| { candle_nn::ops::layer_norm_slow(x.as_tensor(), &g, &b, 1e-12)?.sum_all()?.backward()?; Ok(()) })?;
    let xm = x.as_tensor().reshape((2048, 256))?;
    bench("linear 256->1024 fwd", &|| { xm.matmul(&w.t()?)?; Ok(()) })?;
    bench("linear 256->1024 fwd+bwd", &|| { xm.matmul(&w.t()?)?.sum_all()?.backward()?; Ok(()) })?;
    let h = xm.matmul(&w.t()?)?;
    bench("linear 1024->256 fwd+bwd", &|| { h.matmul(&w2.t()?)?.sum_all()?.backward()?; Ok(()) })?;
    bench("gelu_erf fwd", &|| { h.gelu_erf()?; Ok(()) })?;
    let hv = Var::from_tensor(&h)?;
    bench("gelu_erf fwd+bwd", &|| { hv.as_tensor().gelu_erf()?.sum_all()?.backward()?; Ok(()) })?;
    bench("dropout attn", &|| { candle_nn::ops::dropout(s.as_tensor(), 0.1)?; Ok(()) })?;
    let q = Var::from_tensor(&Tensor::randn(0f32, 1.0, (16, 4, 128, 64), &dev)?)?;
    bench("qk^T fwd+bwd", &|| { q.as_tensor().matmul(&q.as_tensor().t()?)?.sum_all()?.backward()?; Ok(()) })?;
    Ok(())
}
