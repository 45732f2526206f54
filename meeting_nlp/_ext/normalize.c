/* Placeholder: the real fast path replaces this file. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "normalize", "placeholder", -1, NULL};

PyMODINIT_FUNC PyInit_normalize(void) { return PyModule_Create(&module); }
