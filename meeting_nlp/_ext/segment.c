/* pkuseg's CRF word segmentation, compiled, over a compact memory-mapped model.
 *
 * This reproduces spacy_pkuseg 0.0.x exactly (feature_extractor.pyx
 * __get_node_features_idx, inference.pyx getLogYY + run_viterbi, and
 * pkuseg.cut / Postprocesser.post_process with the "default" dictionary):
 *
 *   - each character becomes a node: "-._,|/ *:" become "&", then the
 *     pkuseg number characters become "**Num" and its letters "**Letter"
 *     (the table comes from spacy_pkuseg itself, written into the model file);
 *   - the feature strings of every position are built in pkuseg's order and
 *     looked up in an open-addressing hash of UTF-8 feature strings;
 *   - node scores are summed in double precision in that same order, from the
 *     same double weights (stored as exact fixed-point int32, or as double),
 *     so the scores are bit-identical to spacy-pkuseg's, and the Viterbi
 *     recursion (backwards, with pkuseg's tie rules) gives identical tags;
 *   - words are then merged with pkuseg's post-processing dictionary.
 *
 * The model file (docs/segmenter.md) is mapped read-only with mmap, so that
 * processes that load it share its pages. No Python object is touched while
 * a text is segmented: the GIL is released for the whole computation.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("fp-contract=off")
#endif

#define MAGIC "MNLPSEG\x01"
#define FORMAT_VERSION 3
#define BYTE_ORDER_MARK 0x0102030405060708ULL
#define MAX_TAG 8
#define WORD_MIN 2
#define WORD_MAX 6
#define NWLEN (WORD_MAX - WORD_MIN + 1)
#define KEY_MAX 128

/* ------------------------------------------------------------------ file */

typedef struct {
    uint64_t n;          /* keys */
    uint64_t mask;       /* slots - 1; a slot is (32-bit fingerprint << 32) | (record offset / 4 + 1) */
    uint64_t slots_off;
    uint64_t recs_off;   /* records, 4-aligned: payload, uint16 key length, key bytes (UTF-8) */
    uint64_t recs_len;
    uint64_t payload;    /* bytes of payload per record: the weights (features), 0 otherwise */
    uint64_t bloom_off;  /* Bloom filter (2 probes) over the key hashes: most probes miss, and miss here */
    uint64_t bloom_bits; /* a power of two */
} TableHdr;

enum { T_FEAT = 0, T_UNIGRAM = 1, T_POST = 2, N_TABLES = 3 };

typedef struct {
    char magic[8];
    uint64_t version;
    uint64_t byte_order;
    uint64_t file_size;
    uint64_t n_tag;
    uint64_t begin_mask;  /* bit t: tag t starts a word ("B" in its name) */
    uint64_t weight_kind; /* 0: int32 k, weight = k / scale; 1: double */
    double scale;
    uint64_t empty_is_word; /* "" is in pkuseg's unigram set */
    uint64_t has_post;      /* post-processing dictionary present */
    uint64_t post_max_len;  /* longest post-dictionary word, in code points */
    uint64_t bias_off;      /* n_tag doubles: feature 0 ("$$"), always first */
    uint64_t edge_off;      /* n_tag * n_tag doubles: w[backoff + s * n_tag + s_pre] */
    uint64_t weights_off;   /* unused since format 2: the weights follow each feature's key offset */
    uint64_t charmap_off;   /* n_charmap (uint32 code point, uint32 class) pairs */
    uint64_t n_charmap;
    uint64_t reserved[6];
    TableHdr tab[N_TABLES];
} Header;

typedef struct {
    const uint64_t *slots;
    uint64_t mask;
    const unsigned char *recs;
    uint64_t recs_len;
    uint64_t payload;
    uint64_t n;
    const uint64_t *bloom;
    uint64_t bmask;
} Table;

static inline int bloom_may_have(const Table *t, uint64_t h) {
    if (!t->bloom) return 1;
    uint64_t b1 = (h >> 32) & t->bmask, b2 = (h >> 7) & t->bmask;
    return ((t->bloom[b1 >> 6] >> (b1 & 63)) & (t->bloom[b2 >> 6] >> (b2 & 63)) & 1) != 0;
}

/* Whether the record at byte offset r holds `key`. */
static inline int rec_is(const Table *t, uint64_t r, const unsigned char *key, size_t len) {
    uint16_t kl;
    if (r + t->payload + 2 > t->recs_len) return 0;
    memcpy(&kl, t->recs + r + t->payload, 2);
    return kl == len && r + t->payload + 2 + kl <= t->recs_len && memcmp(t->recs + r + t->payload + 2, key, len) == 0;
}

/* Special nodes. Class 0: the character itself; 1: "&"; 2: "**Num"; 3: "**Letter". */
static const char *const CLASS_TEXT[4] = {NULL, "&", "**Num", "**Letter"};
static const int CLASS_LEN[4] = {0, 1, 5, 8};

static inline uint64_t rd64(const unsigned char *p) {
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static uint64_t hash_bytes(const unsigned char *p, size_t n) {
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)n * 0xff51afd7ed558ccdULL);
    while (n >= 8) {
        h = (h ^ rd64(p)) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 31;
        p += 8;
        n -= 8;
    }
    uint64_t t = 0;
    memcpy(&t, p, n);
    h = (h ^ t) * 0x94d049bb133111ebULL;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 32;
    return h;
}

/* Record offset of `key`, or -1. */
static inline int64_t table_find(const Table *t, const unsigned char *key, size_t len) {
    if (t->n == 0) return -1;
    uint64_t h = hash_bytes(key, len);
    if (!bloom_may_have(t, h)) return -1;
    uint32_t fp = (uint32_t)(h >> 32);
    uint64_t i = h & t->mask;
    for (;;) {
        uint64_t s = t->slots[i];
        if (s == 0) return -1;
        if ((uint32_t)(s >> 32) == fp) {
            uint64_t r = 4 * (uint64_t)((uint32_t)s - 1);
            if (rec_is(t, r, key, len)) return (int64_t)r;
        }
        i = (i + 1) & t->mask;
    }
}

/* ----------------------------------------------------------------- model */

typedef struct {
    PyObject_HEAD
    void *map;
    size_t map_len;
    const Header *hdr;
    Table tab[N_TABLES];
    int n_tag;
    unsigned begin_mask;
    int weight_kind;
    double scale;
    int empty_is_word;
    int has_post;
    Py_ssize_t post_max_len;
    const double *bias;
    double edge[MAX_TAG][MAX_TAG]; /* edge[a][b]: tag a at i, tag b at i + 1, as pkuseg: 1.0 + w */
    unsigned char *bmp_class; /* class of each BMP code point */
    const uint32_t *charmap;
    uint64_t n_charmap;
    /* precomputed constant keys */
    int64_t ww_l_none, ww_r_none; /* "ww.l.**noWord***noWord", "ww.r.…" */
    PyObject *path;
} Model;

static int check_range(const Model *m, uint64_t off, uint64_t len, const char *what) {
    if (off > m->map_len || len > m->map_len - off || (off & 7)) {
        PyErr_Format(PyExc_ValueError, "corrupt segmentation model: %s out of bounds; run "
                     "`python -m meeting_nlp download-model --force` to rebuild it", what);
        return -1;
    }
    return 0;
}

static int64_t find_cstr(const Table *t, const char *s) {
    return table_find(t, (const unsigned char *)s, strlen(s));
}

static int model_map(Model *m, const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        PyErr_SetFromErrnoWithFilename(PyExc_OSError, path);
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        PyErr_SetFromErrnoWithFilename(PyExc_OSError, path);
        close(fd);
        return -1;
    }
    if ((uint64_t)st.st_size < sizeof(Header)) {
        close(fd);
        PyErr_Format(PyExc_ValueError, "%s is not a meeting_nlp segmentation model (too short); run "
                     "`python -m meeting_nlp download-model --force`", path);
        return -1;
    }
    void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (map == MAP_FAILED) {
        PyErr_SetFromErrnoWithFilename(PyExc_OSError, path);
        return -1;
    }
    /* Lookups hit random pages: no read-ahead, which would map (and count in RSS) pages never read. */
    madvise(map, (size_t)st.st_size, MADV_RANDOM);
    m->map = map;
    m->map_len = (size_t)st.st_size;
    const Header *h = (const Header *)map;
    m->hdr = h;
    if (memcmp(h->magic, MAGIC, 8) != 0 || h->version != FORMAT_VERSION || h->byte_order != BYTE_ORDER_MARK) {
        PyErr_Format(PyExc_ValueError, "%s is not a segmentation model of this meeting_nlp version "
                     "(format %d); run `python -m meeting_nlp download-model --force`", path, FORMAT_VERSION);
        return -1;
    }
    if (h->file_size != (uint64_t)st.st_size) {
        PyErr_Format(PyExc_ValueError, "%s is truncated (%llu of %llu bytes); run "
                     "`python -m meeting_nlp download-model --force`", path,
                     (unsigned long long)st.st_size, (unsigned long long)h->file_size);
        return -1;
    }
    if (h->n_tag < 1 || h->n_tag > MAX_TAG || h->weight_kind > 1) {
        PyErr_Format(PyExc_ValueError, "corrupt segmentation model %s (header)", path);
        return -1;
    }
    m->n_tag = (int)h->n_tag;
    m->begin_mask = (unsigned)h->begin_mask;
    m->weight_kind = (int)h->weight_kind;
    m->scale = h->scale;
    m->empty_is_word = (int)h->empty_is_word;
    m->has_post = (int)h->has_post;
    m->post_max_len = (Py_ssize_t)h->post_max_len;
    const unsigned char *base = (const unsigned char *)map;
    int nt = m->n_tag;
    if (check_range(m, h->bias_off, 8ULL * nt, "bias") || check_range(m, h->edge_off, 8ULL * nt * nt, "edges") ||
        check_range(m, h->charmap_off, 8ULL * h->n_charmap, "character map"))
        return -1;
    m->bias = (const double *)(base + h->bias_off);
    const double *edge = (const double *)(base + h->edge_off);
    for (int a = 0; a < nt; a++)
        for (int b = 0; b < nt; b++) {
            /* pkuseg: edge_score = ones; edge_score[s_pre, s] += w[backoff + s * n + s_pre];
               viterbi reads edge_score[y, y_pre] with y at i and y_pre at i + 1. */
            double e = 1.0;
            e += edge[b * nt + a];
            m->edge[a][b] = e;
        }
    for (int t = 0; t < N_TABLES; t++) {
        const TableHdr *th = &h->tab[t];
        Table *tb = &m->tab[t];
        tb->n = th->n;
        if (th->n == 0) continue;
        uint64_t nslots = th->mask + 1;
        uint64_t want_payload = t == T_FEAT ? (m->weight_kind ? 8u : 4u) * h->n_tag : 0;
        if ((nslots & th->mask) != 0 || nslots < th->n || th->payload != want_payload ||
            th->bloom_bits < 64 || (th->bloom_bits & (th->bloom_bits - 1)) != 0 ||
            check_range(m, th->slots_off, 8 * nslots, "hash slots") ||
            check_range(m, th->recs_off, th->recs_len, "records") ||
            check_range(m, th->bloom_off, th->bloom_bits / 8, "Bloom filter"))
            return -1;
        tb->slots = (const uint64_t *)(base + th->slots_off);
        tb->mask = th->mask;
        tb->recs = base + th->recs_off;
        tb->recs_len = th->recs_len;
        tb->payload = th->payload;
        tb->bloom = (const uint64_t *)(base + th->bloom_off);
        tb->bmask = th->bloom_bits - 1;
    }
    m->charmap = (const uint32_t *)(base + h->charmap_off);
    m->n_charmap = h->n_charmap;
    m->bmp_class = (unsigned char *)PyMem_Calloc(0x10000, 1);
    if (!m->bmp_class) {
        PyErr_NoMemory();
        return -1;
    }
    for (uint64_t i = 0; i < m->n_charmap; i++) {
        uint32_t cp = m->charmap[2 * i], cls = m->charmap[2 * i + 1];
        if (cls > 3) {
            PyErr_Format(PyExc_ValueError, "corrupt segmentation model %s (character map)", path);
            return -1;
        }
        if (cp < 0x10000) m->bmp_class[cp] = (unsigned char)cls;
    }
    m->ww_l_none = find_cstr(&m->tab[T_FEAT], "ww.l.**noWord***noWord");
    m->ww_r_none = find_cstr(&m->tab[T_FEAT], "ww.r.**noWord***noWord");
    return 0;
}

static inline int char_class(const Model *m, Py_UCS4 c) {
    if (c < 0x10000) return m->bmp_class[c];
    for (uint64_t i = 0; i < m->n_charmap; i++)
        if (m->charmap[2 * i] == c) return (int)m->charmap[2 * i + 1];
    return 0;
}

/* The n_tag weights of feature `row`, as the doubles pkuseg reads. */
static inline void weights_of(const Model *m, int64_t row, double *out) {
    const unsigned char *p = m->tab[T_FEAT].recs + (uint64_t)row; /* the payload opens the record */
    if (m->weight_kind == 0) {
        for (int s = 0; s < m->n_tag; s++) {
            int32_t k;
            memcpy(&k, p + 4 * s, 4);
            out[s] = (double)k / m->scale;
        }
    } else {
        memcpy(out, p, 8 * (size_t)m->n_tag);
    }
}

/* ------------------------------------------------------------- workspace */

typedef struct {
    Py_ssize_t cap;        /* characters */
    Py_ssize_t bcap;       /* bytes */
    unsigned char *nbytes; /* node bytes, contiguous */
    Py_ssize_t *noff;      /* cap + 1: node i is nbytes[noff[i]:noff[i+1]] */
    unsigned char *obytes; /* original characters, UTF-8, contiguous */
    Py_ssize_t *ooff;
    signed char *isword;   /* cap * NWLEN: span (s, l) is in the unigram set */
    double *score;         /* cap * n_tag */
    double *best;          /* cap * n_tag */
    int *back;             /* cap * n_tag */
    int *tags;
    Py_ssize_t *wb;        /* word starts, cap + 1 */
    Py_ssize_t *wb2;
    struct Batch_ *batch;
    /* output: pairs of absolute offsets */
    Py_ssize_t *out;
    Py_ssize_t nout, outcap;
} Work;

static size_t batch_bytes(void);

static void work_free(Work *w) {
    free(w->nbytes); free(w->noff); free(w->obytes); free(w->ooff); free(w->isword);
    free(w->score); free(w->best); free(w->back); free(w->tags); free(w->wb); free(w->wb2);
    free(w->out); free(w->batch);
    memset(w, 0, sizeof(*w));
}

static int work_reserve(Work *w, Py_ssize_t n, int nt) {
    if (!w->batch && !(w->batch = malloc(batch_bytes()))) return -1;
    if (n <= w->cap) return 0;
    Py_ssize_t cap = n < 256 ? 256 : n;
    void *p;
#define GROW(field, count) \
    p = realloc(w->field, (size_t)(count) * sizeof(*w->field)); \
    if (!p) return -1; \
    w->field = p;
    GROW(nbytes, cap * 8 + 8)
    GROW(noff, cap + 1)
    GROW(obytes, cap * 4 + 8)
    GROW(ooff, cap + 1)
    GROW(isword, cap * NWLEN)
    GROW(score, cap * nt)
    GROW(best, cap * nt)
    GROW(back, cap * nt)
    GROW(tags, cap)
    GROW(wb, cap + 1)
    GROW(wb2, cap + 1)
#undef GROW
    w->cap = cap;
    return 0;
}

static int out_push(Work *w, Py_ssize_t a, Py_ssize_t b) {
    if (w->nout + 2 > w->outcap) {
        Py_ssize_t cap = w->outcap ? w->outcap * 2 : 1024;
        void *p = realloc(w->out, (size_t)cap * sizeof(Py_ssize_t));
        if (!p) return -1;
        w->out = p;
        w->outcap = cap;
    }
    w->out[w->nout++] = a;
    w->out[w->nout++] = b;
    return 0;
}

static inline int utf8_put(unsigned char *d, Py_UCS4 c) {
    if (c < 0x80) { d[0] = (unsigned char)c; return 1; }
    if (c < 0x800) { d[0] = 0xC0 | (c >> 6); d[1] = 0x80 | (c & 0x3F); return 2; }
    if (c < 0x10000) {
        d[0] = 0xE0 | (c >> 12); d[1] = 0x80 | ((c >> 6) & 0x3F); d[2] = 0x80 | (c & 0x3F);
        return 3;
    }
    d[0] = 0xF0 | (c >> 18); d[1] = 0x80 | ((c >> 12) & 0x3F); d[2] = 0x80 | ((c >> 6) & 0x3F);
    d[3] = 0x80 | (c & 0x3F);
    return 4;
}

/* ------------------------------------------------------------- features */

/* A word-list value of pkuseg's prelst/postlst: NOWORD, EMPTY ("" for an
   out-of-range slice, when "" is a unigram word) or a span of nodes. */
#define V_NOWORD (-1)
#define V_EMPTY 0

typedef struct { Py_ssize_t start; int len; } Val;

typedef struct {
    unsigned char buf[KEY_MAX];
    size_t len;
    int overflow;
} Key;

static inline void key_reset(Key *k) { k->len = 0; k->overflow = 0; }
static inline void key_put(Key *k, const void *s, size_t n) {
    if (k->len + n > KEY_MAX) { k->overflow = 1; return; }
    memcpy(k->buf + k->len, s, n);
    k->len += n;
}
#define KEY_LIT(k, lit) key_put((k), (lit), sizeof(lit) - 1)

static inline void key_nodes(Key *k, const Work *w, Py_ssize_t start, Py_ssize_t count) {
    key_put(k, w->nbytes + w->noff[start], (size_t)(w->noff[start + count] - w->noff[start]));
}
static inline void key_val(Key *k, const Work *w, Val v) {
    if (v.len == V_NOWORD) KEY_LIT(k, "**noWord");
    else if (v.len > 0) key_nodes(k, w, v.start, v.len);
}
static inline int64_t key_find(const Model *m, const Key *k) {
    if (k->overflow) return -1; /* longer than any feature we could store */
    return table_find(&m->tab[T_FEAT], k->buf, k->len);
}

/* get_slice_str + "in unigram": the list value for nodes[start:start+len]. */
static inline Val slice_val(const Model *m, const Work *w, Py_ssize_t start, int len, Py_ssize_t n) {
    Val v;
    v.start = start;
    if (start < 0 || start >= n || start + len > n) {
        v.len = m->empty_is_word ? V_EMPTY : V_NOWORD;
        return v;
    }
    v.len = w->isword[start * NWLEN + (len - WORD_MIN)] ? len : V_NOWORD;
    return v;
}

static inline int val_code(Val v) { return v.len == V_NOWORD ? 0 : (v.len == V_EMPTY ? 1 : v.len); }

/* Feature lookups are memory-bound (a 2.6 M-entry hash), so the features of
   BLOCK positions are first written down as queries, their hash slots
   prefetched, and only then resolved: the cache misses overlap. */
#define BLOCK 8
#define EMIT_MAX (8 + 2 * NWLEN + 2 * NWLEN * NWLEN)
#define QMAX (BLOCK * EMIT_MAX)

typedef struct Batch_ {
    unsigned char kbuf[QMAX * KEY_MAX];
    uint32_t koff[QMAX];
    uint32_t klen[QMAX];
    uint64_t hash[QMAX];
    int64_t res[QMAX];
    int nq;
    size_t used;
    /* per position: query indices in pkuseg's order; <= -2: the constant row -(v + 2) */
    int64_t emit[BLOCK][EMIT_MAX];
    int nemit[BLOCK];
} Batch;

static size_t batch_bytes(void) { return sizeof(Batch); }

/* Start a query; the key is then appended with q_put. */
static inline int q_begin(Batch *b) {
    int q = b->nq++;
    b->koff[q] = (uint32_t)b->used;
    b->klen[q] = 0;
    return q;
}
static inline void q_put(Batch *b, int q, const void *src, size_t n) {
    if (b->klen[q] + n > KEY_MAX) { b->klen[q] = KEY_MAX + 1; return; } /* cannot be a stored feature */
    memcpy(b->kbuf + b->koff[q] + b->klen[q], src, n);
    b->klen[q] += (uint32_t)n;
}
static inline void q_end(Batch *b, int q) {
    b->used += b->klen[q] > KEY_MAX ? 0 : b->klen[q];
}
#define Q_LIT(b, q, lit) q_put((b), (q), (lit), sizeof(lit) - 1)
static inline void q_nodes(Batch *b, int q, const Work *w, Py_ssize_t start, Py_ssize_t count) {
    q_put(b, q, w->nbytes + w->noff[start], (size_t)(w->noff[start + count] - w->noff[start]));
}
static inline void q_val(Batch *b, int q, const Work *w, Val v) {
    if (v.len == V_NOWORD) Q_LIT(b, q, "**noWord");
    else if (v.len > 0) q_nodes(b, q, w, v.start, v.len);
}

/* The queries of position i (slot p of the batch), in pkuseg's feature order. */
static void position_queries(const Model *m, const Work *w, Batch *b, int p, Py_ssize_t i, Py_ssize_t n) {
    int ne = 0, q;
#define EMIT(x) (b->emit[p][ne++] = (x))
    /* 'c.' + c */
    q = q_begin(b); Q_LIT(b, q, "c."); q_nodes(b, q, w, i, 1); q_end(b, q); EMIT(q);
    if (i > 0) {
        q = q_begin(b); Q_LIT(b, q, "c-1."); q_nodes(b, q, w, i - 1, 1); q_end(b, q); EMIT(q);
        q = q_begin(b); Q_LIT(b, q, "c-1c."); q_nodes(b, q, w, i - 1, 1); Q_LIT(b, q, "."); q_nodes(b, q, w, i, 1);
        q_end(b, q); EMIT(q);
    }
    if (i + 1 < n) {
        q = q_begin(b); Q_LIT(b, q, "c1."); q_nodes(b, q, w, i + 1, 1); q_end(b, q); EMIT(q);
        q = q_begin(b); Q_LIT(b, q, "cc1."); q_nodes(b, q, w, i, 1); Q_LIT(b, q, "."); q_nodes(b, q, w, i + 1, 1);
        q_end(b, q); EMIT(q);
    }
    if (i > 1) {
        q = q_begin(b); Q_LIT(b, q, "c-2."); q_nodes(b, q, w, i - 2, 1); q_end(b, q); EMIT(q);
        q = q_begin(b); Q_LIT(b, q, "c-2c-1."); q_nodes(b, q, w, i - 2, 1); Q_LIT(b, q, "."); q_nodes(b, q, w, i - 1, 1);
        q_end(b, q); EMIT(q);
    }
    if (i + 2 < n) {
        q = q_begin(b); Q_LIT(b, q, "c2."); q_nodes(b, q, w, i + 2, 1); q_end(b, q); EMIT(q);
    }
    Val pre_in[NWLEN], post_in[NWLEN], pre_ex[NWLEN], post_ex[NWLEN];
    for (int j = 0; j < NWLEN; j++) {
        int l = WORD_MAX - j;
        Val v = slice_val(m, w, i - l + 1, l, n);
        pre_in[j] = v;
        if (v.len != V_NOWORD) { q = q_begin(b); Q_LIT(b, q, "w-1."); q_val(b, q, w, v); q_end(b, q); EMIT(q); }
    }
    for (int j = 0; j < NWLEN; j++) {
        int l = WORD_MAX - j;
        Val v = slice_val(m, w, i, l, n);
        post_in[j] = v;
        if (v.len != V_NOWORD) { q = q_begin(b); Q_LIT(b, q, "w1."); q_val(b, q, w, v); q_end(b, q); EMIT(q); }
    }
    for (int j = 0; j < NWLEN; j++) {
        int l = WORD_MAX - j;
        pre_ex[j] = slice_val(m, w, i - l, l, n);
        post_ex[j] = slice_val(m, w, i + 1, l, n);
    }
    /* 'ww.l.' + pre_ex * post_in, then 'ww.r.' + pre_in * post_ex. Equal values are equal
       strings, so each distinct pair is one query, emitted as often as pkuseg appends it. */
    for (int side = 0; side < 2; side++) {
        int64_t memo[WORD_MAX + 1][WORD_MAX + 1];
        memset(memo, 0xff, sizeof(memo));
        const Val *pres = side == 0 ? pre_ex : pre_in;
        const Val *posts = side == 0 ? post_in : post_ex;
        for (int a = 0; a < NWLEN; a++)
            for (int c = 0; c < NWLEN; c++) {
                int ca = val_code(pres[a]), cb = val_code(posts[c]);
                int64_t r = memo[ca][cb];
                if (r == -1) {
                    if (ca == 0 && cb == 0) {
                        int64_t none = side == 0 ? m->ww_l_none : m->ww_r_none;
                        r = none < 0 ? INT64_MIN : -(none + 2);
                    } else {
                        q = q_begin(b);
                        if (side == 0) Q_LIT(b, q, "ww.l."); else Q_LIT(b, q, "ww.r.");
                        q_val(b, q, w, pres[a]);
                        Q_LIT(b, q, "*");
                        q_val(b, q, w, posts[c]);
                        q_end(b, q);
                        r = q;
                    }
                    memo[ca][cb] = r;
                }
                if (r != INT64_MIN) EMIT(r);
            }
    }
#undef EMIT
    b->nemit[p] = ne;
}

/* Node scores of positions i0 .. i1 - 1 (at most BLOCK), exactly as pkuseg sums them. */
static void block_scores(const Model *m, Work *w, Batch *b, Py_ssize_t i0, Py_ssize_t i1, Py_ssize_t n) {
    const Table *t = &m->tab[T_FEAT];
    b->nq = 0;
    b->used = 0;
    for (Py_ssize_t i = i0; i < i1; i++) position_queries(m, w, b, (int)(i - i0), i, n);
    for (int q = 0; q < b->nq; q++) {
        if (b->klen[q] > KEY_MAX) continue;
        uint64_t h = hash_bytes(b->kbuf + b->koff[q], b->klen[q]);
        b->hash[q] = h;
        __builtin_prefetch(&t->bloom[((h >> 32) & t->bmask) >> 6]);
        __builtin_prefetch(&t->bloom[((h >> 7) & t->bmask) >> 6]);
    }
    for (int q = 0; q < b->nq; q++) {
        if (b->klen[q] > KEY_MAX) continue;
        uint64_t h = b->hash[q];
        if (!bloom_may_have(t, h)) { b->klen[q] = KEY_MAX + 1; continue; } /* certainly absent */
        __builtin_prefetch(&t->slots[h & t->mask]);
    }
    for (int q = 0; q < b->nq; q++) {
        int64_t r = -1;
        if (b->klen[q] <= KEY_MAX && t->n) {
            uint64_t h = b->hash[q];
            uint32_t fp = (uint32_t)(h >> 32);
            const unsigned char *key = b->kbuf + b->koff[q];
            size_t len = b->klen[q];
            for (uint64_t j = h & t->mask;; j = (j + 1) & t->mask) {
                uint64_t sl = t->slots[j];
                if (sl == 0) break;
                if ((uint32_t)(sl >> 32) == fp) {
                    uint64_t ro = 4 * (uint64_t)((uint32_t)sl - 1);
                    if (rec_is(t, ro, key, len)) { r = (int64_t)ro; break; }
                }
            }
        }
        b->res[q] = r;

    }
    int nt = m->n_tag;
    for (Py_ssize_t i = i0; i < i1; i++) {
        int p = (int)(i - i0);
        double acc[MAX_TAG], wv[MAX_TAG];
        for (int s = 0; s < nt; s++) {
            acc[s] = 0.0;
            acc[s] += m->bias[s];
        }
        int64_t last = -1;
        for (int k = 0; k < b->nemit[p]; k++) {
            int64_t v = b->emit[p][k];
            int64_t row = v >= 0 ? b->res[v] : -v - 2;
            if (row < 0) continue;
            if (row != last) { weights_of(m, row, wv); last = row; }
            for (int s = 0; s < nt; s++) acc[s] += wv[s];
        }
        for (int s = 0; s < nt; s++) w->score[i * nt + s] = acc[s];
    }
}

/* inference.pyx run_viterbi, with its order of operations and tie rules. */
static void viterbi(const Model *m, Work *w, Py_ssize_t n) {
    int nt = m->n_tag;
    double *best = w->best, *node = w->score;
    int *back = w->back;
    for (int y = 0; y < nt; y++) best[(n - 1) * nt + y] = node[(n - 1) * nt + y];
    for (Py_ssize_t i = n - 2; i >= 0; i--) {
        for (int y = 0; y < nt; y++) {
            double mx = 0.0;
            int arg = 0;
            for (int yp = 0; yp < nt; yp++) {
                double sc = best[(i + 1) * nt + yp] + node[i * nt + y] + m->edge[y][yp];
                if (yp == 0 || sc >= mx) { mx = sc; arg = yp; }
            }
            best[i * nt + y] = mx;
            back[i * nt + y] = arg;
        }
    }
    double ma = best[0];
    int tag = 0;
    for (int y = 1; y < nt; y++)
        if (ma < best[y]) { ma = best[y]; tag = y; }
    w->tags[0] = tag;
    for (Py_ssize_t i = 1; i < n; i++) {
        tag = back[(i - 1) * nt + tag];
        w->tags[i] = tag;
    }
}

static inline int post_has(const Model *m, const Work *w, Py_ssize_t a, Py_ssize_t b) {
    return table_find(&m->tab[T_POST], w->obytes + w->ooff[a], (size_t)(w->ooff[b] - w->ooff[a])) >= 0;
}

/* pkuseg Postprocesser.post_process(sent, check_seperated=True) with an empty
   common-word set: windows of m = 7..2 words that form a dictionary word are
   merged unless every word of the window is itself in the dictionary. */
static Py_ssize_t post_process(const Model *m, Work *w, Py_ssize_t nw) {
    Py_ssize_t *cur = w->wb, *nxt = w->wb2; /* word k = [cur[k], cur[k + 1]) */
    for (int mm = 7; mm >= 2; mm--) {
        if (nw - mm < 0) continue;
        Py_ssize_t r = 0, o = 0;
        int merged_any = 0;
        while (r <= nw - mm) {
            Py_ssize_t a = cur[r], b = cur[r + mm];
            int merge = 0;
            if (b - a <= m->post_max_len && post_has(m, w, a, b)) {
                int separated = 1;
                for (int q = 0; q < mm && separated; q++)
                    if (!post_has(m, w, cur[r + q], cur[r + q + 1])) separated = 0;
                merge = !separated;
            }
            nxt[o++] = a;
            if (merge) { r += mm; merged_any = 1; }
            else r += 1;
        }
        if (!merged_any) continue;
        while (r < nw) nxt[o++] = cur[r++];
        nxt[o] = cur[nw];
        nw = o;
        Py_ssize_t *t = cur; cur = nxt; nxt = t;
    }
    if (cur != w->wb) memcpy(w->wb, cur, (size_t)(nw + 1) * sizeof(Py_ssize_t));
    return nw;
}

/* One whitespace-free piece text[p0:p0+n]: pkuseg._cut + post-processing. */
static int cut_piece(const Model *m, Work *w, int kind, const void *data, Py_ssize_t p0, Py_ssize_t n,
                     int postprocess) {
    int nt = m->n_tag;
    if (work_reserve(w, n, nt) < 0) return -1;
    Py_ssize_t nb = 0, ob = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, p0 + i);
        w->noff[i] = nb;
        w->ooff[i] = ob;
        ob += utf8_put(w->obytes + ob, c);
        int cls = char_class(m, c);
        if (cls == 0) nb += utf8_put(w->nbytes + nb, c);
        else { memcpy(w->nbytes + nb, CLASS_TEXT[cls], CLASS_LEN[cls]); nb += CLASS_LEN[cls]; }
    }
    w->noff[n] = nb;
    w->ooff[n] = ob;
    const Table *uni = &m->tab[T_UNIGRAM];
    for (Py_ssize_t s = 0; s < n; s++)
        for (int l = WORD_MIN; l <= WORD_MAX; l++) {
            signed char is = 0;
            if (s + l <= n)
                is = table_find(uni, w->nbytes + w->noff[s], (size_t)(w->noff[s + l] - w->noff[s])) >= 0;
            w->isword[s * NWLEN + (l - WORD_MIN)] = is;
        }
    for (Py_ssize_t i = 0; i < n; i += BLOCK) block_scores(m, w, w->batch, i, i + BLOCK < n ? i + BLOCK : n, n);
    viterbi(m, w, n);
    Py_ssize_t nw = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        if (i == 0 || ((m->begin_mask >> w->tags[i]) & 1)) w->wb[nw++] = i;
    w->wb[nw] = n;
    if (postprocess && m->has_post) nw = post_process(m, w, nw);
    for (Py_ssize_t k = 0; k < nw; k++)
        if (out_push(w, p0 + w->wb[k], p0 + w->wb[k + 1]) < 0) return -1;
    return 0;
}

/* pkuseg.cut(text[start:end]) with user_dict="default": split at whitespace, cut each piece. */
static int cut_range(const Model *m, Work *w, int kind, const void *data, Py_ssize_t start, Py_ssize_t end,
                     int postprocess) {
    Py_ssize_t i = start;
    while (i < end) {
        while (i < end && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i))) i++;
        Py_ssize_t j = i;
        while (j < end && !Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j))) j++;
        if (j > i && cut_piece(m, w, kind, data, i, j - i, postprocess) < 0) return -1;
        i = j;
    }
    return 0;
}

static PyObject *Model_segment(Model *self, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"text", "ranges", "postprocess", NULL};
    PyObject *text, *ranges = Py_None;
    int postprocess = 1;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "U|Op:segment", kwlist, &text, &ranges, &postprocess))
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_ssize_t nr = 1;
    Py_ssize_t *rv = NULL;
    PyObject *seq = NULL;
    if (ranges != Py_None) {
        seq = PySequence_Fast(ranges, "ranges must be a sequence of (start, end) pairs");
        if (!seq) return NULL;
        nr = PySequence_Fast_GET_SIZE(seq);
    }
    rv = PyMem_Malloc(sizeof(Py_ssize_t) * 2 * (size_t)(nr ? nr : 1));
    if (!rv) { Py_XDECREF(seq); return PyErr_NoMemory(); }
    if (!seq) { rv[0] = 0; rv[1] = n; }
    for (Py_ssize_t q = 0; seq && q < nr; q++) {
        Py_ssize_t a, b;
        PyObject *item = PySequence_Fast_GET_ITEM(seq, q);
        if (!PyArg_ParseTuple(item, "nn;ranges must hold (start, end) pairs of ints", &a, &b)) goto fail;
        if (a < 0 || b < a || b > n) {
            PyErr_Format(PyExc_ValueError, "range (%zd, %zd) is outside the text (length %zd)", a, b, n);
            goto fail;
        }
        rv[2 * q] = a;
        rv[2 * q + 1] = b;
    }
    Py_CLEAR(seq);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Work w;
    memset(&w, 0, sizeof(w));
    int err = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t q = 0; q < nr && !err; q++)
        err = cut_range(self, &w, kind, data, rv[2 * q], rv[2 * q + 1], postprocess) < 0;
    Py_END_ALLOW_THREADS
    PyMem_Free(rv);
    rv = NULL;
    if (err) { work_free(&w); return PyErr_NoMemory(); }
    PyObject *out = PyList_New(w.nout / 2);
    if (!out) { work_free(&w); return NULL; }
    for (Py_ssize_t k = 0; k < w.nout / 2; k++) {
        PyObject *pair = Py_BuildValue("(nn)", w.out[2 * k], w.out[2 * k + 1]);
        if (!pair) { Py_DECREF(out); work_free(&w); return NULL; }
        PyList_SET_ITEM(out, k, pair);
    }
    work_free(&w);
    return out;
fail:
    Py_XDECREF(seq);
    PyMem_Free(rv);
    return NULL;
}

static PyObject *Model_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"path", NULL};
    PyObject *path = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O&:Model", kwlist, PyUnicode_FSDecoder, &path)) return NULL;
    Model *self = (Model *)type->tp_alloc(type, 0);
    if (!self) { Py_DECREF(path); return NULL; }
    self->path = path;
    PyObject *bytes = PyUnicode_EncodeFSDefault(path);
    if (!bytes) { Py_DECREF(self); return NULL; }
    int rc = model_map(self, PyBytes_AS_STRING(bytes));
    Py_DECREF(bytes);
    if (rc < 0) { Py_DECREF(self); return NULL; }
    return (PyObject *)self;
}

static void Model_dealloc(Model *self) {
    if (self->map) munmap(self->map, self->map_len);
    PyMem_Free(self->bmp_class);
    Py_XDECREF(self->path);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *Model_get_n_features(Model *self, void *c) { return PyLong_FromUnsignedLongLong(self->tab[T_FEAT].n); }
static PyObject *Model_get_n_unigram(Model *self, void *c) { return PyLong_FromUnsignedLongLong(self->tab[T_UNIGRAM].n); }
static PyObject *Model_get_size(Model *self, void *c) { return PyLong_FromSize_t(self->map_len); }
static PyObject *Model_get_path(Model *self, void *c) { Py_INCREF(self->path); return self->path; }
static PyObject *Model_get_kind(Model *self, void *c) {
    return PyUnicode_FromString(self->weight_kind == 0 ? "int32" : "float64");
}

static PyGetSetDef Model_getset[] = {
    {"n_features", (getter)Model_get_n_features, NULL, "features in the hash (besides the constant '$$')", NULL},
    {"n_unigram", (getter)Model_get_n_unigram, NULL, "words in pkuseg's unigram set", NULL},
    {"size", (getter)Model_get_size, NULL, "bytes mapped", NULL},
    {"path", (getter)Model_get_path, NULL, "the model file", NULL},
    {"weight_kind", (getter)Model_get_kind, NULL, "'int32' (exact fixed point) or 'float64'", NULL},
    {NULL}};

static PyMethodDef Model_methods[] = {
    {"segment", (PyCFunction)(void (*)(void))Model_segment, METH_VARARGS | METH_KEYWORDS,
     "segment(text, ranges=None, postprocess=True) -> [(start, end), ...]\n\n"
     "pkuseg.cut over each text[start:end] of ranges (default: the whole text), as word offsets."},
    {NULL}};

static PyTypeObject ModelType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "meeting_nlp._ext.segment.Model",
    .tp_basicsize = sizeof(Model),
    .tp_dealloc = (destructor)Model_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Model(path): a compact pkuseg model, memory-mapped read-only.",
    .tp_methods = Model_methods,
    .tp_getset = Model_getset,
    .tp_new = Model_new,
};

/* --------------------------------------------------------------- builder */

typedef struct {
    uint64_t *slots;
    uint64_t mask;
    unsigned char *recs;
    uint64_t recs_len, payload, n;
    uint64_t *bloom;
    uint64_t bloom_bits;
} BuiltTable;

static void built_free(BuiltTable *b) {
    free(b->slots); free(b->recs); free(b->bloom);
    memset(b, 0, sizeof(*b));
}

/* Hash the strings of `list` (a list of str), each with `payload` bytes from
   `pay` (item i: pay + i * payload). With dedupe, a repeated string is kept
   once; without it, a repeat is an error. */
static int build_table(PyObject *list, int dedupe, const char *pay, size_t payload, BuiltTable *b,
                       uint64_t *max_chars) {
    memset(b, 0, sizeof(*b));
    Py_ssize_t n = PyList_GET_SIZE(list);
    uint64_t nslots = 16;
    while (nslots < (uint64_t)n * 10 / 7 + 1) nslots <<= 1;
    uint64_t bits = 64;
    while (bits < 8 * (uint64_t)n) bits <<= 1;
    b->mask = nslots - 1;
    b->payload = payload;
    b->bloom_bits = bits;
    b->slots = calloc(nslots, 8);
    b->bloom = calloc(bits / 64, 8);
    size_t total = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *s = PyList_GET_ITEM(list, i);
        Py_ssize_t len;
        if (!PyUnicode_Check(s) || !PyUnicode_AsUTF8AndSize(s, &len)) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "keys must be str");
            built_free(b);
            return -1;
        }
        if (len > 0xffff) { PyErr_Format(PyExc_ValueError, "key too long: %R", s); built_free(b); return -1; }
        total += (payload + 2 + (size_t)len + 3) & ~(size_t)3;
    }
    if (total / 4 >= 0xfffffffeULL) { PyErr_SetString(PyExc_OverflowError, "too many keys"); built_free(b); return -1; }
    b->recs = calloc(total + 4, 1);
    if (!b->slots || !b->recs || !b->bloom) { built_free(b); PyErr_NoMemory(); return -1; }
    uint64_t off = 0, e = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *s = PyList_GET_ITEM(list, i);
        Py_ssize_t len;
        const char *u = PyUnicode_AsUTF8AndSize(s, &len);
        uint64_t h = hash_bytes((const unsigned char *)u, (size_t)len);
        uint32_t fp = (uint32_t)(h >> 32);
        uint64_t j = h & b->mask;
        int dup = 0;
        for (;;) {
            uint64_t sl = b->slots[j];
            if (sl == 0) break;
            if ((uint32_t)(sl >> 32) == fp) {
                uint64_t r = 4 * (uint64_t)((uint32_t)sl - 1);
                uint16_t kl;
                memcpy(&kl, b->recs + r + payload, 2);
                if (kl == (uint16_t)len && memcmp(b->recs + r + payload + 2, u, (size_t)len) == 0) { dup = 1; break; }
            }
            j = (j + 1) & b->mask;
        }
        if (dup) {
            if (dedupe) continue;
            PyErr_Format(PyExc_ValueError, "duplicate key %R", s);
            built_free(b);
            return -1;
        }
        if (payload) memcpy(b->recs + off, pay + (size_t)i * payload, payload);
        uint16_t kl = (uint16_t)len;
        memcpy(b->recs + off + payload, &kl, 2);
        memcpy(b->recs + off + payload + 2, u, (size_t)len);
        b->slots[j] = ((uint64_t)fp << 32) | (off / 4 + 1);
        uint64_t b1 = (h >> 32) & (bits - 1), b2 = (h >> 7) & (bits - 1);
        b->bloom[b1 >> 6] |= 1ULL << (b1 & 63);
        b->bloom[b2 >> 6] |= 1ULL << (b2 & 63);
        off += (payload + 2 + (uint64_t)len + 3) & ~3ULL;
        e++;
        if (max_chars && (uint64_t)PyUnicode_GET_LENGTH(s) > *max_chars) *max_chars = (uint64_t)PyUnicode_GET_LENGTH(s);
    }
    b->n = e;
    b->recs_len = off;
    return 0;
}

static uint64_t align8(uint64_t x) { return (x + 7) & ~7ULL; }

static int write_all(int fd, const void *p, size_t n) {
    const char *c = p;
    while (n) {
        ssize_t k = write(fd, c, n);
        if (k < 0) { if (errno == EINTR) continue; return -1; }
        c += k;
        n -= (size_t)k;
    }
    return 0;
}

static PyObject *py_build(PyObject *mod, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"path", "features", "weights", "weight_kind", "scale", "bias", "edges", "n_tag",
                             "begin_mask", "unigram", "postdict", "charmap", NULL};
    PyObject *path, *features, *unigram, *postdict;
    Py_buffer weights, bias, edges, charmap;
    int weight_kind, n_tag;
    unsigned long begin_mask;
    double scale;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O&O!y*idy*y*ikO!O!y*:build", kwlist, PyUnicode_FSConverter, &path,
                                     &PyList_Type, &features, &weights, &weight_kind, &scale, &bias, &edges, &n_tag,
                                     &begin_mask, &PyList_Type, &unigram, &PyList_Type, &postdict, &charmap))
        return NULL;
    PyObject *result = NULL;
    BuiltTable t[N_TABLES];
    memset(t, 0, sizeof(t));
    int fd = -1;
    Py_ssize_t nf = PyList_GET_SIZE(features);
    size_t wsize = weight_kind == 0 ? 4 : 8;
    if (n_tag < 1 || n_tag > MAX_TAG || (weight_kind != 0 && weight_kind != 1) ||
        (size_t)weights.len != wsize * (size_t)n_tag * (size_t)nf || bias.len != 8 * n_tag ||
        edges.len != 8 * n_tag * n_tag || charmap.len % 8) {
        PyErr_SetString(PyExc_ValueError, "build: inconsistent sizes");
        goto done;
    }
    uint64_t post_max = 0;
    if (build_table(features, 0, weights.buf, wsize * (size_t)n_tag, &t[T_FEAT], NULL) < 0 ||
        build_table(unigram, 1, NULL, 0, &t[T_UNIGRAM], NULL) < 0 ||
        build_table(postdict, 1, NULL, 0, &t[T_POST], &post_max) < 0)
        goto done;
    Header h;
    memset(&h, 0, sizeof(h));
    memcpy(h.magic, MAGIC, 8);
    h.version = FORMAT_VERSION;
    h.byte_order = BYTE_ORDER_MARK;
    h.n_tag = (uint64_t)n_tag;
    h.begin_mask = begin_mask;
    h.weight_kind = (uint64_t)weight_kind;
    h.scale = scale;
    h.has_post = PyList_GET_SIZE(postdict) > 0;
    h.post_max_len = post_max;
    /* "" in the unigram set? */
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(unigram); i++)
        if (PyUnicode_GET_LENGTH(PyList_GET_ITEM(unigram, i)) == 0) h.empty_is_word = 1;
    uint64_t off = align8(sizeof(Header));
    h.bias_off = off; off = align8(off + bias.len);
    h.edge_off = off; off = align8(off + edges.len);
    h.charmap_off = off; h.n_charmap = charmap.len / 8; off = align8(off + charmap.len);
    for (int k = 0; k < N_TABLES; k++) {
        TableHdr *th = &h.tab[k];
        th->n = t[k].n;
        th->mask = t[k].mask;
        th->payload = t[k].payload;
        th->slots_off = off; off = align8(off + 8 * (t[k].mask + 1));
        th->recs_off = off; th->recs_len = t[k].recs_len; off = align8(off + t[k].recs_len);
        th->bloom_off = off; th->bloom_bits = t[k].bloom_bits; off = align8(off + t[k].bloom_bits / 8);
    }
    h.file_size = off;
    fd = open(PyBytes_AS_STRING(path), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) { PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, path); goto done; }
    static const char zeros[8] = {0};
    uint64_t pos = 0;
#define EMIT(ptr, len) \
    do { \
        if (write_all(fd, (ptr), (len)) < 0) goto io_error; \
        pos += (len); \
        if (write_all(fd, zeros, align8(pos) - pos) < 0) goto io_error; \
        pos = align8(pos); \
    } while (0)
    EMIT(&h, sizeof(h));
    EMIT(bias.buf, (size_t)bias.len);
    EMIT(edges.buf, (size_t)edges.len);
    EMIT(charmap.buf, (size_t)charmap.len);
    for (int k = 0; k < N_TABLES; k++) {
        EMIT(t[k].slots, 8 * (t[k].mask + 1));
        EMIT(t[k].recs, t[k].recs_len);
        EMIT(t[k].bloom, t[k].bloom_bits / 8);
    }
#undef EMIT
    if (pos != h.file_size) { PyErr_SetString(PyExc_RuntimeError, "build: size mismatch"); goto done; }
    if (fsync(fd) != 0) goto io_error;
    result = PyLong_FromUnsignedLongLong(h.file_size);
    goto done;
io_error:
    PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, path);
done:
    if (fd >= 0) close(fd);
    for (int k = 0; k < N_TABLES; k++) built_free(&t[k]);
    PyBuffer_Release(&weights);
    PyBuffer_Release(&bias);
    PyBuffer_Release(&edges);
    PyBuffer_Release(&charmap);
    Py_DECREF(path);
    return result;
}

static PyMethodDef module_methods[] = {
    {"build", (PyCFunction)(void (*)(void))py_build, METH_VARARGS | METH_KEYWORDS,
     "build(path, features, weights, weight_kind, scale, bias, edges, n_tag, begin_mask, unigram, postdict, "
     "charmap) -> bytes written\n\nWrite a compact model file (see meeting_nlp.pkuseg_model.build_compact)."},
    {NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "segment",
                                    "pkuseg CRF segmentation over a memory-mapped compact model.", -1,
                                    module_methods};

PyMODINIT_FUNC PyInit_segment(void) {
    if (PyType_Ready(&ModelType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    Py_INCREF(&ModelType);
    if (PyModule_AddObject(m, "Model", (PyObject *)&ModelType) < 0 ||
        PyModule_AddIntConstant(m, "FORMAT_VERSION", FORMAT_VERSION) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
