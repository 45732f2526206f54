"""Build script: metadata lives in setup.cfg; this file only adds the optional C extensions.

The extensions are fast paths (segmentation, normalization). Each has a pure
Python reference beside it, so a machine that cannot compile them still gets a
working package: a failed build prints why and the package falls back, with a
warning at run time. ``MEETING_NLP_NO_EXT=1`` skips the build on purpose (the
tests of the fallback use it).
"""
import os
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

EXTENSIONS = [
    Extension("meeting_nlp._ext.segment", ["meeting_nlp/_ext/segment.c"], extra_compile_args=["-O3"]),
    Extension("meeting_nlp._ext.normalize", ["meeting_nlp/_ext/normalize.c"], extra_compile_args=["-O3"]),
]


class OptionalBuildExt(build_ext):
    """Build every extension it can; a compiler error is a warning, not a failed install."""

    def run(self):
        try:
            super().run()
        except Exception as error:  # no compiler at all
            self._skip("all", error)

    def build_extension(self, ext):
        try:
            super().build_extension(ext)
        except Exception as error:
            self._skip(ext.name, error)

    @staticmethod
    def _skip(name, error):
        sys.stderr.write(
            f"meeting_nlp: could not build the C extension {name} ({error}); "
            "the pure Python fallback will be used\n"
        )


skip = os.environ.get("MEETING_NLP_NO_EXT", "") not in ("", "0")
setup(ext_modules=[] if skip else EXTENSIONS, cmdclass={"build_ext": OptionalBuildExt})
