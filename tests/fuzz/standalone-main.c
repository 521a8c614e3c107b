/* SPDX-License-Identifier: GPL-2.0-or-later */
/* main() for a fuzz target without libFuzzer: seeds plus fixed mutations. */
#include "qemu/osdep.h"
#include "fuzz-target.h"

/*
 * Usage: <target>-replay [-n MUTATIONS] PATH...
 *
 * Runs the target over every PATH that is a file and every file in
 * every PATH that is a directory (names sorted), then over MUTATIONS
 * (default 4000) inputs made from those by a fixed-seed generator, so
 * each run is the same and a failure reproduces.  The mutations are
 * what a wire decoder must survive: bit flips, truncation, inserted and
 * deleted bytes, repeated runs (deep nesting), splices of two seeds and
 * JSON-significant bytes dropped in.  Exits non-zero only on bad usage;
 * a broken invariant aborts inside the target.
 */

#define DEFAULT_MUTATIONS 4000
#define MAX_INPUT_SIZE (64 * 1024)

/* splitmix64: small, fixed, the same everywhere */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);

    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static size_t random_below(uint64_t *state, size_t n)
{
    return n ? next_random(state) % n : 0;
}

/* Bytes and words that matter to a JSON reader. */
static const char *const interesting[] = {
    "{", "}", "[", "]", ":", ",", "\"", "'", "\\", "\\u", "\\uD83D",
    "\\uDE00", "\\u0000", "\xC3\xA9", "\xF0\x9F\x98\x80", "\xFF", "\xFE",
    "\xC0\x80", "\xED\xA0\x80", "\x00", "\n", "\t", "null", "true", "false",
    "-", "0", "1e400", "-0.0", "9223372036854775808", "18446744073709551616",
    "%d", "{\"a\": ", "[[[[[[[[", "]]]]]]]]", "\"execute\"", "\"arguments\"",
    "\"channels\"", "\"capabilities\"", "\"transport\"", "\"socket\"",
    "\"exec\"", "\"file\"", "\"rdma\"", "\"type\"", "\"inet\"", "\"unix\"",
    "\"fd\"", "\"vsock\"", "\"channel-type\"", "\"main\"", "\"addr\"",
    "\"tls-creds\"", "\"block-bitmap-mapping\"", "\"state\"",
};

static void insert_bytes(GByteArray *buf, size_t pos, const void *bytes,
                         size_t n)
{
    g_byte_array_set_size(buf, buf->len + n);
    memmove(buf->data + pos + n, buf->data + pos, buf->len - n - pos);
    memcpy(buf->data + pos, bytes, n);
}

/* Apply one random edit to @buf; @seeds supplies splice material. */
static void mutate_once(GByteArray *buf, GPtrArray *seeds, uint64_t *rng)
{
    size_t len = buf->len;
    size_t pos = random_below(rng, len + 1);
    size_t n, i;
    const char *word;
    GBytes *other;
    const uint8_t *odata;
    gsize olen;
    uint8_t byte;
    uint8_t run[4];
    uint8_t *rep;
    size_t count;

    switch (random_below(rng, 8)) {
    case 0: /* flip one bit */
        if (len) {
            pos = random_below(rng, len);
            buf->data[pos] ^= 1u << random_below(rng, 8);
        }
        break;
    case 1: /* any byte */
        if (len) {
            buf->data[random_below(rng, len)] = next_random(rng) & 0xFF;
        }
        break;
    case 2: /* truncate */
        g_byte_array_set_size(buf, random_below(rng, len + 1));
        break;
    case 3: /* delete a range */
        n = random_below(rng, 16) + 1;
        n = MIN(n, len - pos);
        if (n) {
            g_byte_array_remove_range(buf, pos, n);
        }
        break;
    case 4: /* insert an interesting word */
        word = interesting[random_below(rng, ARRAY_SIZE(interesting))];
        insert_bytes(buf, pos, word, strlen(word) ? strlen(word) : 1);
        break;
    case 5: /* repeat a short range many times (nesting, long tokens) */
        if (len) {
            pos = MIN(pos, len - 1);
            n = random_below(rng, sizeof(run)) + 1;
            n = MIN(n, len - pos);
            memcpy(run, buf->data + pos, n);
            count = random_below(rng, 1100);
            count = MIN(count, len < MAX_INPUT_SIZE ?
                                   (MAX_INPUT_SIZE - len) / n : 0);
            rep = g_malloc(count * n + 1);
            for (i = 0; i < count; i++) {
                memcpy(rep + i * n, run, n);
            }
            insert_bytes(buf, pos, rep, count * n);
            g_free(rep);
        }
        break;
    case 6: /* splice: our head, another seed's tail */
        other = g_ptr_array_index(seeds, random_below(rng, seeds->len));
        odata = g_bytes_get_data(other, &olen);
        n = random_below(rng, olen + 1);
        g_byte_array_set_size(buf, pos);
        g_byte_array_append(buf, odata + n, olen - n);
        break;
    default: /* insert random bytes */
        for (i = random_below(rng, 4) + 1; i > 0; i--) {
            byte = next_random(rng) & 0xFF;
            insert_bytes(buf, pos, &byte, 1);
        }
        break;
    }
    if (buf->len > MAX_INPUT_SIZE) {
        g_byte_array_set_size(buf, MAX_INPUT_SIZE);
    }
}

static void add_file(GPtrArray *seeds, const char *path)
{
    GError *gerr = NULL;
    gchar *contents;
    gsize len;

    if (!g_file_get_contents(path, &contents, &len, &gerr)) {
        fprintf(stderr, "%s\n", gerr->message);
        exit(1);
    }
    g_ptr_array_add(seeds, g_bytes_new_take(contents, len));
}

static gint compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_path(GPtrArray *seeds, const char *path)
{
    GPtrArray *names;
    const char *name;
    char *file;
    GDir *dir;
    guint i;

    if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
        add_file(seeds, path);
        return;
    }
    dir = g_dir_open(path, 0, NULL);
    if (!dir) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(1);
    }
    names = g_ptr_array_new_with_free_func(g_free);
    while ((name = g_dir_read_name(dir))) {
        g_ptr_array_add(names, g_strdup(name));
    }
    g_dir_close(dir);
    g_ptr_array_sort(names, compare_names);
    for (i = 0; i < names->len; i++) {
        file = g_build_filename(path, g_ptr_array_index(names, i), NULL);
        if (g_file_test(file, G_FILE_TEST_IS_REGULAR)) {
            add_file(seeds, file);
        }
        g_free(file);
    }
    g_ptr_array_free(names, true);
}

static void run_one(const uint8_t *data, size_t size)
{
    /* A private copy, so that reading past @size is caught by ASan */
    uint8_t *copy = g_malloc(size);

    if (size) {
        memcpy(copy, data, size);
    }
    LLVMFuzzerTestOneInput(copy, size);
    g_free(copy);
}

int main(int argc, char **argv)
{
    GPtrArray *seeds = g_ptr_array_new_with_free_func(
        (GDestroyNotify)g_bytes_unref);
    long mutations = DEFAULT_MUTATIONS;
    uint64_t rng = 0x51D5EED;
    GByteArray *buf;
    const uint8_t *data;
    gsize len;
    long i, edits;
    int arg = 1;

    if (argc > 2 && !strcmp(argv[1], "-n")) {
        mutations = strtol(argv[2], NULL, 0);
        arg = 3;
    }
    if (arg >= argc || mutations < 0) {
        fprintf(stderr, "usage: %s [-n MUTATIONS] PATH...\n", argv[0]);
        return 2;
    }
    for (; arg < argc; arg++) {
        add_path(seeds, argv[arg]);
    }
    if (!seeds->len) {
        fprintf(stderr, "no inputs\n");
        return 2;
    }

    for (i = 0; i < (long)seeds->len; i++) {
        data = g_bytes_get_data(g_ptr_array_index(seeds, i), &len);
        run_one(data, len);
    }
    buf = g_byte_array_new();
    for (i = 0; i < mutations; i++) {
        data = g_bytes_get_data(
            g_ptr_array_index(seeds, random_below(&rng, seeds->len)), &len);
        g_byte_array_set_size(buf, 0);
        g_byte_array_append(buf, data, len);
        for (edits = random_below(&rng, 4) + 1; edits > 0; edits--) {
            mutate_once(buf, seeds, &rng);
        }
        run_one(buf->data, buf->len);
    }
    printf("%u seeds and %ld mutations passed\n", seeds->len, mutations);
    g_byte_array_free(buf, true);
    g_ptr_array_free(seeds, true);
    return 0;
}
