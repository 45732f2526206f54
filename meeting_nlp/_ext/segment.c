/* Placeholder: the real fast path replaces this file. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "segment", "placeholder", -1, NULL};

PyMODINIT_FUNC PyInit_segment(void) { return PyModule_Create(&module); }
