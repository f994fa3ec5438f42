"""A small lint for the Python of the service files (pyflakes is not at hand).

Reports imports that are never used and names that are never defined
(neither assigned, imported, defined nor built in), with symtable's view of
the scopes; with --handler, also that the file defines the function SSM
calls, handler(events, context), at its top level.

Usage: python3 lint.py [--handler] FILE...
Prints one line per problem (FILE:LINE: message); exit status 1 if any.
"""
import argparse
import ast
import builtins
import symtable
import sys

MODULE_NAMES = {
    '__builtins__', '__cached__', '__doc__', '__file__', '__loader__',
    '__name__', '__package__', '__path__', '__spec__',
}
KNOWN = set(dir(builtins)) | MODULE_NAMES


def binds(symbol):
    return symbol.is_assigned() or symbol.is_imported() or symbol.is_namespace()


def module_globals(module):
    """Names the module defines, including `global` names assigned in functions."""
    names = {symbol.get_name() for symbol in module.get_symbols() if binds(symbol)}
    tables = list(module.get_children())
    while tables:
        table = tables.pop()
        names.update(
            symbol.get_name() for symbol in table.get_symbols()
            if symbol.is_declared_global() and binds(symbol))
        tables.extend(table.get_children())
    return names


def undefined_names(module):
    defined = module_globals(module) | KNOWN
    missing = set()
    tables = [module]
    while tables:
        table = tables.pop()
        for symbol in table.get_symbols():
            if not symbol.is_referenced() or symbol.get_name() in defined:
                continue
            at_module = table.get_type() == 'module'
            if (at_module and not binds(symbol)) or (not at_module and symbol.is_global()):
                missing.add(symbol.get_name())
        tables.extend(table.get_children())
    return missing


def first_use(tree, name):
    lines = [node.lineno for node in ast.walk(tree)
             if isinstance(node, ast.Name) and node.id == name
             and isinstance(node.ctx, ast.Load)]
    return min(lines, default=1)


def unused_imports(tree):
    used = {node.id for node in ast.walk(tree)
            if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Store)}
    problems = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(node, ast.ImportFrom) and node.module == '__future__':
            continue
        for alias in node.names:
            if alias.name == '*':
                problems.append((node.lineno, 'import * hides which names exist'))
            elif (alias.asname or alias.name.split('.')[0]) not in used:
                problems.append((node.lineno, "'%s' imported but unused" % alias.name))
    return problems


def handler_problems(tree):
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == 'handler':
            arguments = node.args
            names = [argument.arg for argument in arguments.posonlyargs + arguments.args]
            extra = arguments.vararg or arguments.kwarg or arguments.kwonlyargs
            if names != ['events', 'context'] or extra:
                return [(node.lineno, 'handler must take exactly (events, context)')]
            return []
    return [(1, 'no top-level handler(events, context)')]


def lint(path, handler):
    with open(path, encoding='utf-8') as source_file:
        source = source_file.read()
    try:
        tree = ast.parse(source, path)
        module = symtable.symtable(source, path, 'exec')
    except SyntaxError as error:
        return [(error.lineno or 1, 'syntax error: %s' % error.msg)]
    problems = unused_imports(tree)
    problems += [(first_use(tree, name), "undefined name '%s'" % name)
                 for name in sorted(undefined_names(module))]
    if handler:
        problems += handler_problems(tree)
    return sorted(problems)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--handler', action='store_true',
                        help='the files are handlers: require handler(events, context)')
    parser.add_argument('files', nargs='+')
    arguments = parser.parse_args(argv)
    count = 0
    for path in arguments.files:
        for line, message in lint(path, arguments.handler):
            print('%s:%d: %s' % (path, line, message))
            count += 1
    return 1 if count else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
