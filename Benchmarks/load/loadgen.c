/*
 * loadgen: closed-loop load on gazetted's socket, for Benchmarks/load/run.sh.
 *
 *   loadgen SOCKET QUERIES_FILE CLIENTS SECONDS [snippets|nosnippets]
 *
 * Each client is a thread with a blocking connection that sends a search,
 * waits for its reply line and sends the next (queries taken in turn from
 * QUERIES_FILE, each client starting at its own place). A client costs a
 * few microseconds of CPU per request, so 64 of them leave the two cores to
 * the daemon. Prints one JSON object: requests, errors, throughput and
 * latency percentiles in milliseconds.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static char **queries;
static int query_count;
static const char *socket_path;
static int snippets = 1;
static double stop_at;
static atomic_int failures;

typedef struct {
    int index;
    double *latencies;
    size_t count, capacity;
    long errors;
} client;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* Appends `text` to `out` as the body of a JSON string. */
static size_t json_escape(char *out, size_t room, const char *text) {
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p && n + 7 < room; p++) {
        if (*p == '"' || *p == '\\') {
            out[n++] = '\\';
            out[n++] = *p;
        } else if (*p < 0x20) {
            n += snprintf(out + n, room - n, "\\u%04x", *p);
        } else {
            out[n++] = *p;
        }
    }
    out[n] = 0;
    return n;
}

static int connect_to(const char *path) {
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    strncpy(address.sun_path, path, sizeof address.sun_path - 1);
    if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static int send_all(int fd, const char *data, size_t length) {
    while (length > 0) {
        ssize_t n = send(fd, data, length, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        data += n;
        length -= (size_t)n;
    }
    return 0;
}

static void *run_client(void *arg) {
    client *c = arg;
    int fd = connect_to(socket_path);
    if (fd < 0) {
        atomic_fetch_add(&failures, 1);
        return NULL;
    }
    size_t buffer_size = 1 << 20, filled = 0;
    char *buffer = malloc(buffer_size);
    char request[4096], escaped[2048];
    long id = 0;
    int q = c->index % query_count;
    while (now() < stop_at) {
        json_escape(escaped, sizeof escaped, queries[q]);
        q = (q + 1) % query_count;
        int length = snprintf(request, sizeof request,
                              "{\"jsonrpc\":\"2.0\",\"id\":%ld,\"method\":\"search\","
                              "\"params\":{\"query\":\"%s\",\"limit\":10,\"snippets\":%s}}\n",
                              ++id, escaped, snippets ? "true" : "false");
        double started = now();
        if (send_all(fd, request, (size_t)length) != 0) break;
        /* Read up to the reply's newline; the buffer keeps only this reply. */
        char *newline = NULL;
        filled = 0;
        while (!newline) {
            if (filled == buffer_size) {
                buffer_size *= 2;
                buffer = realloc(buffer, buffer_size);
            }
            ssize_t n = recv(fd, buffer + filled, buffer_size - filled, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) goto done;
            newline = memchr(buffer + filled, '\n', (size_t)n);
            filled += (size_t)n;
        }
        double elapsed = now() - started;
        if (strncmp(buffer, "{\"error\"", 8) == 0) c->errors++;
        if (c->count == c->capacity) {
            c->capacity = c->capacity ? c->capacity * 2 : 4096;
            c->latencies = realloc(c->latencies, c->capacity * sizeof(double));
        }
        c->latencies[c->count++] = elapsed;
    }
done:
    free(buffer);
    close(fd);
    return NULL;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double percentile(const double *sorted, size_t n, double p) {
    if (n == 0) return 0;
    size_t k = (size_t)(p / 100.0 * (double)(n - 1) + 0.5);
    return sorted[k < n ? k : n - 1];
}

static void read_queries(const char *path) {
    FILE *file = fopen(path, "r");
    if (!file) {
        perror(path);
        exit(2);
    }
    char line[2048];
    while (fgets(line, sizeof line, file)) {
        line[strcspn(line, "\r\n")] = 0;
        if (!line[0] || line[0] == '#') continue;
        queries = realloc(queries, (size_t)(query_count + 1) * sizeof *queries);
        queries[query_count++] = strdup(line);
    }
    fclose(file);
    if (query_count == 0) {
        fprintf(stderr, "loadgen: no queries in %s\n", path);
        exit(2);
    }
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: loadgen SOCKET QUERIES_FILE CLIENTS SECONDS [snippets|nosnippets]\n");
        return 2;
    }
    socket_path = argv[1];
    read_queries(argv[2]);
    int clients = atoi(argv[3]);
    double seconds = atof(argv[4]);
    if (argc > 5) snippets = strcmp(argv[5], "nosnippets") != 0;
    if (clients < 1 || seconds <= 0) {
        fprintf(stderr, "loadgen: CLIENTS and SECONDS must be positive\n");
        return 2;
    }
    client *all = calloc((size_t)clients, sizeof *all);
    pthread_t *threads = calloc((size_t)clients, sizeof *threads);
    double started = now();
    stop_at = started + seconds;
    for (int i = 0; i < clients; i++) {
        all[i].index = i * 7;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setstacksize(&attr, 256 * 1024);
        pthread_create(&threads[i], &attr, run_client, &all[i]);
        pthread_attr_destroy(&attr);
    }
    size_t total = 0;
    long errors = 0;
    for (int i = 0; i < clients; i++) {
        pthread_join(threads[i], NULL);
        total += all[i].count;
        errors += all[i].errors;
    }
    double elapsed = now() - started;
    double *latencies = malloc((total ? total : 1) * sizeof(double));
    size_t at = 0;
    for (int i = 0; i < clients; i++) {
        memcpy(latencies + at, all[i].latencies, all[i].count * sizeof(double));
        at += all[i].count;
    }
    qsort(latencies, total, sizeof(double), by_value);
    printf("{\"clients\":%d,\"requests\":%zu,\"errors\":%ld,\"failed_connections\":%d,\"seconds\":%.2f,"
           "\"per_second\":%.0f,\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f,\"max_ms\":%.3f}\n",
           clients, total, errors, atomic_load(&failures), elapsed, total / elapsed,
           percentile(latencies, total, 50) * 1e3, percentile(latencies, total, 90) * 1e3,
           percentile(latencies, total, 99) * 1e3, percentile(latencies, total, 99.9) * 1e3,
           total ? latencies[total - 1] * 1e3 : 0);
    return 0;
}
