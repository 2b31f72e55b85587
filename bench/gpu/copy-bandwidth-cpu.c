// The CPU counterpart of copy-bandwidth.cu for --cpu mode: one memcpy stream per thread over
// buffers far larger than the caches. Prints "bandwidth_bytes_per_s=<n>" (read + write).
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BYTES_PER_THREAD ((size_t)128 << 20)
#define ITERATIONS 8

struct job { char * src; char * dst; };

static void * copy_job(void * arg) {
    struct job * job = arg;
    for (int i = 0; i < ITERATIONS; i++) memcpy(job->dst, job->src, BYTES_PER_THREAD);
    return NULL;
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char ** argv) {
    long threads = argc > 1 ? atol(argv[1]) : sysconf(_SC_NPROCESSORS_ONLN);
    if (threads < 1) threads = 1;
    pthread_t * ids = malloc(sizeof(pthread_t) * threads);
    struct job * jobs = malloc(sizeof(struct job) * threads);
    for (long t = 0; t < threads; t++) {
        jobs[t].src = malloc(BYTES_PER_THREAD);
        jobs[t].dst = malloc(BYTES_PER_THREAD);
        if (!jobs[t].src || !jobs[t].dst) { fprintf(stderr, "out of memory\n"); return 1; }
        memset(jobs[t].src, 1, BYTES_PER_THREAD); // touch every page before timing
        memset(jobs[t].dst, 0, BYTES_PER_THREAD);
    }
    const double start = now();
    for (long t = 0; t < threads; t++) pthread_create(&ids[t], NULL, copy_job, &jobs[t]);
    for (long t = 0; t < threads; t++) pthread_join(ids[t], NULL);
    const double seconds = now() - start;
    printf("bandwidth_bytes_per_s=%.0f\n", 2.0 * BYTES_PER_THREAD * ITERATIONS * threads / seconds);
    printf("device=CPU (%ld threads)\n", threads);
    return 0;
}
