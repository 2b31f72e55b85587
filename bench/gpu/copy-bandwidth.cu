// Measures the GPU's achievable memory bandwidth with a device-to-device copy kernel: the bound
// batch-1 decode cannot beat, since each decoded token streams its weights from memory once.
// Prints "bandwidth_bytes_per_s=<n>" (bytes read + bytes written per second).
#include <cstdio>
#include <cstdlib>
#include <cuda_runtime.h>

#define CHECK(call) do { cudaError_t e = (call); if (e != cudaSuccess) { \
    std::fprintf(stderr, "%s: %s\n", #call, cudaGetErrorString(e)); std::exit(1); } } while (0)

__global__ void copy_kernel(const float4 * __restrict__ src, float4 * __restrict__ dst, size_t n) {
    for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < n; i += (size_t)gridDim.x * blockDim.x) dst[i] = src[i];
}

int main() {
    const size_t bytes = (size_t)2 << 30; // 2 GiB each way: far beyond any cache
    const size_t n = bytes / sizeof(float4);
    float4 *src, *dst;
    CHECK(cudaMalloc(&src, bytes));
    CHECK(cudaMalloc(&dst, bytes));
    CHECK(cudaMemset(src, 1, bytes));
    int sms = 0;
    CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, 0));
    const int threads = 512, blocks = sms * 8;
    copy_kernel<<<blocks, threads>>>(src, dst, n); // warm-up
    CHECK(cudaDeviceSynchronize());
    cudaEvent_t start, stop;
    CHECK(cudaEventCreate(&start));
    CHECK(cudaEventCreate(&stop));
    const int iterations = 20;
    CHECK(cudaEventRecord(start));
    for (int i = 0; i < iterations; i++) copy_kernel<<<blocks, threads>>>(src, dst, n);
    CHECK(cudaEventRecord(stop));
    CHECK(cudaEventSynchronize(stop));
    float ms = 0;
    CHECK(cudaEventElapsedTime(&ms, start, stop));
    const double moved = 2.0 * (double)bytes * iterations;
    std::printf("bandwidth_bytes_per_s=%.0f\n", moved / (ms / 1000.0));
    cudaDeviceProp prop;
    CHECK(cudaGetDeviceProperties(&prop, 0));
    std::printf("device=%s\n", prop.name);
    return 0;
}
