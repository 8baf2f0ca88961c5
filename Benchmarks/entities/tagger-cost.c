// What the actor tagger's inner loop will cost once ported, before the port
// exists: per scored token, F feature ids hashed with precomputed template
// keys, F rows of 9 int8 codes decoded through a 256-entry float table and
// summed, then the argmax (Config/scripts/actor-tagger.md, section 5).
// Random tokens and weights: this times memory and arithmetic, not accuracy.
//
//   cc -O2 -o /tmp/tagger-cost Benchmarks/entities/tagger-cost.c
//   /tmp/tagger-cost BITS FEATURES SCORED_FRACTION [TOKENS_PER_STORY [i16]]
//   /tmp/tagger-cost 16 45 0.443 193     # the shipped table, CoNLL's story length
//   /tmp/tagger-cost 16 45 0.443 130 i16 # codes expanded at load to linear Int16 rows
//
// Prints CPU microseconds per story. Run it beside `gazette entities` (its
// `micros`) on the same machine: the ratio is what carries over.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline uint64_t combine(uint64_t h, uint64_t t) {
    uint64_t x = (h ^ t) * 0x9E3779B97F4A7C15ULL;
    return x ^ (x >> 29);
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: tagger-cost BITS FEATURES SCORED_FRACTION [TOKENS_PER_STORY]\n");
        return 2;
    }
    int bits = atoi(argv[1]), nfeat = atoi(argv[2]);
    double frac = atof(argv[3]);
    int ntok = argc > 4 ? atoi(argv[4]) : 193, stories = 20000;
    int i16 = argc > 5;
    if (bits < 8 || bits > 24 || nfeat < 1 || nfeat > 64 || ntok < 1) {
        fprintf(stderr, "tagger-cost: BITS 8-24, FEATURES 1-64, TOKENS_PER_STORY >= 1\n");
        return 2;
    }
    size_t rows = (size_t)1 << bits;
    uint64_t mask = rows - 1;
    int8_t *codes = malloc(rows * 9);
    int16_t *wide = malloc(rows * 9 * sizeof(int16_t));
    uint64_t *toks = malloc(sizeof(uint64_t) * (size_t)ntok * stories);
    if (!codes || !wide || !toks) { fprintf(stderr, "tagger-cost: out of memory\n"); return 2; }
    srand(1);
    for (size_t i = 0; i < rows * 9; i++) codes[i] = (int8_t)(rand() % 255 - 127);
    for (size_t i = 0; i < (size_t)ntok * stories; i++) toks[i] = ((uint64_t)rand() << 32) ^ (uint64_t)rand();
    float decode[256];
    for (int k = 0; k < 256; k++) decode[k] = (float)(k - 128) * 0.37f;
    for (size_t i = 0; i < rows * 9; i++) wide[i] = (int16_t)(codes[i] * 200);
    uint64_t keys[64];
    for (int f = 0; f < 64; f++) keys[f] = combine(0x7F4A7C159E3779B9ULL, (uint64_t)f);

    struct timespec a, b;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
    long sink = 0;
    for (int s = 0; s < stories; s++) {
        int prev = 0;
        for (int i = 0; i < ntok; i++) {
            uint64_t w = toks[(size_t)s * ntok + i];
            if ((double)(w & 1023) >= frac * 1024) { prev = 0; continue; }   // not a candidate
            float sc[9] = {0};
            if (i16) {
                int32_t si[9] = {0};
                for (int f = 0; f < nfeat; f++) {
                    const int16_t *r = wide + (combine(keys[f], w + (uint64_t)(f * prev)) & mask) * 9;
                    for (int k = 0; k < 9; k++) si[k] += r[k];
                }
                for (int k = 0; k < 9; k++) sc[k] = (float)si[k];
            } else {
                for (int f = 0; f < nfeat; f++) {
                    const int8_t *r = codes + (combine(keys[f], w + (uint64_t)(f * prev)) & mask) * 9;
                    for (int k = 0; k < 9; k++) sc[k] += decode[r[k] + 128];
                }
            }
            int best = 0;
            for (int k = 1; k < 9; k++) if (sc[k] > sc[best]) best = k;
            prev = best;
            sink += best;
        }
    }
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
    double us = ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / 1e3 / stories;
    printf("2^%d rows, %s, %d features, %.0f%% of %d tokens scored: %.1f us CPU per story (check %ld)\n",
           bits, i16 ? "Int16 rows" : "int8 codes + decode table", nfeat, frac * 100, ntok, us, sink);
    free(codes);
    free(wide);
    free(toks);
    return 0;
}
