"""Jinja templates compiled once per process, for environments that are made afresh many times in one.

Compiling a template costs far more than rendering it. MkDocs makes a new Jinja environment for every build
(`make serve` rebuilds), and the playbook makes one per renderer (each language, web and print), so without
this every one of them compiles the same templates again. The code lives in memory only: nothing is written to
disk, where a planted file would be code the build runs.
"""

import jinja2

# The settings that decide how a template's text is read.
JINJA_SYNTAX = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
                "comment_start_string", "comment_end_string", "line_statement_prefix", "line_comment_prefix",
                "trim_blocks", "lstrip_blocks", "newline_sequence", "keep_trailing_newline")


class CompiledTemplates(jinja2.BytecodeCache):
    """A template's code, kept under its name, its file, the checksum of its source and every setting of the
    environment that the compiled code depends on, so an edited template, an override added or a changed setting
    compiles afresh.

    Filters and tests are known by name and by what they take (the context, the environment), not by the
    function: one that gives the same result for the same arguments in every environment, or takes the context
    (then Jinja never calls it while compiling), shares its code safely.
    """

    def __init__(self):
        self._code = {}

    def load_bytecode(self, bucket):
        bucket.code = self._code.get(self._key(bucket))

    def dump_bytecode(self, bucket):
        self._code[self._key(bucket)] = bucket.code

    @staticmethod
    def _key(bucket) -> tuple:
        env = bucket.environment
        # The code differs with the syntax, the extensions, whether a filter or test takes the context,
        # the finalize function, autoescaping and sandboxing.
        syntax = tuple(getattr(env, name) for name in JINJA_SYNTAX)
        callables = tuple((kind, name, getattr(function, "jinja_pass_arg", None))
                          for kind, functions in (("filter", env.filters), ("test", env.tests))
                          for name, function in sorted(functions.items()))
        return (bucket.key, bucket.checksum, syntax, tuple(sorted(env.extensions)), callables,
                env.finalize, env.autoescape, env.optimized, env.is_async, env.sandboxed)
