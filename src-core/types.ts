// The number arrays the core computes with. A network is float32 for training and float64 for
// the gradient check, where float32 rounding would swamp the differences being measured.

export type FloatArray = Float32Array | Float64Array;

export type DType = 'float32' | 'float64';
