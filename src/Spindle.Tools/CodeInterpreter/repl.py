# Spindle's code_interpreter REPL. It runs inside the bubblewrap sandbox, one process per session, and keeps one
# globals dict alive between code blocks, as OpenAI's notebook kernel did.
#
# Pipes (set up by the host): fd 0 carries requests, fd 1 replies, fd 2 the block's logs. At start-up the REPL
# keeps private copies of fd 0 and fd 1 and points the code's fd 0 at /dev/null and fd 1 at fd 2, so print(),
# sys.stderr and subprocesses all write one stream, in order, that the host drains and caps.
#
#   host -> REPL  {"nonce": "..."}\n                      once; the end-of-logs marker of every block
#   REPL -> host  {"ready": true}\n
#   host -> REPL  {"id": 1, "length": 12, "cpu": 30}\n    then exactly `length` bytes of UTF-8 code
#   REPL -> host  {"id": 1, "status": "ok"|"error", "error": null|"Type: message"}\n
#                 after writing "\x01spindle-end:<nonce>\n" to the logs
import ast
import importlib.abc
import importlib.util
import io
import json
import linecache
import os
import resource
import signal
import sys
import traceback

DATA = '/mnt/data'
REPL_PID = os.getpid()
_in_cell = False


class CpuTimeExceeded(BaseException):
    """Raised in the code when its CPU time passes the limit; a BaseException so `except Exception` cannot hide it."""


def _on_sigxcpu(signum, frame):
    # The kernel repeats SIGXCPU every second past the soft limit; only user code should see it.
    if _in_cell:
        raise CpuTimeExceeded('CPU time limit exceeded')


def _text_stream(fd):
    return io.TextIOWrapper(io.FileIO(fd, 'w', closefd=False), encoding='utf-8', errors='backslashreplace',
                            line_buffering=True, write_through=True)


def _take_pipes():
    requests = os.fdopen(os.dup(0), 'rb')
    replies = os.fdopen(os.dup(1), 'wb', buffering=0)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)
    sys.stdin = open(0, 'r', closefd=False)
    sys.stdout = _text_stream(1)
    sys.stderr = _text_stream(2)
    return requests, replies


def _leave_if_forked():
    # A process the code forked returns here too; it must not answer the host or read its requests.
    if os.getpid() != REPL_PID:
        os._exit(0)


def _limit_cpu(seconds):
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if seconds is None:
        soft = hard
    else:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        soft = int(usage.ru_utime + usage.ru_stime) + 1 + seconds
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _free_figure_path():
    n = 1
    while os.path.lexists(os.path.join(DATA, 'figure_%d.png' % n)):
        n += 1
    return os.path.join(DATA, 'figure_%d.png' % n)


def _save_open_figures():
    # Like a notebook's inline backend: every figure still open is shown (saved as a PNG) once, then closed.
    plt = sys.modules.get('matplotlib.pyplot')
    if plt is None:
        return
    try:
        for num in plt.get_fignums():
            figure = plt.figure(num)
            if not getattr(figure, '_spindle_saved', False):
                figure.savefig(_free_figure_path(), format='png')
        plt.close('all')
    except Exception:
        traceback.print_exc()


def _patch_pyplot(plt):
    import matplotlib.figure
    savefig = matplotlib.figure.Figure.savefig

    def marking_savefig(self, *args, **kwargs):
        self._spindle_saved = True
        return savefig(self, *args, **kwargs)

    def show(*args, **kwargs):
        _save_open_figures()

    matplotlib.figure.Figure.savefig = marking_savefig
    plt.show = show


class _PyplotHook(importlib.abc.MetaPathFinder):
    """Patches matplotlib.pyplot as it is first imported, so plt.show() saves figures instead of warning."""

    def find_spec(self, fullname, path, target=None):
        if fullname != 'matplotlib.pyplot':
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        exec_module = spec.loader.exec_module

        def patched(module):
            exec_module(module)
            _patch_pyplot(module)

        spec.loader.exec_module = patched
        return spec


def _describe(error):
    text = str(error)
    return type(error).__name__ + (': ' + text if text else '')


def _run(code, scope, number):
    global _in_cell
    name = '<cell %d>' % number
    linecache.cache[name] = (len(code), None, code.splitlines(True), name)
    status, error = 'ok', None
    try:
        _in_cell = True
        tree = ast.parse(code, name, 'exec')
        tail = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            tail = ast.Expression(tree.body.pop().value)
        exec(compile(tree, name, 'exec'), scope)
        if tail is not None:
            value = eval(compile(tail, name, 'eval'), scope)
            if value is not None:
                print(repr(value))
    except BaseException as e:
        _in_cell = False
        _leave_if_forked()
        status, error = 'error', _describe(e)
        trace = e.__traceback__.tb_next if e.__traceback__ is not None else None
        traceback.print_exception(type(e), e, trace)
    finally:
        _in_cell = False
    _leave_if_forked()
    return status, error


def _reap():
    # The block's processes do not outlive it: nothing keeps running, or writing to /mnt/data, between calls.
    # kill(-1) reaches every process of the sandbox's user except this one and the sandbox's pid 1.
    try:
        os.kill(-1, signal.SIGKILL)
    except ProcessLookupError:
        pass
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return
        except InterruptedError:
            continue


def _send(replies, message):
    replies.write(json.dumps(message).encode('utf-8') + b'\n')


def main():
    requests, replies = _take_pipes()
    hello = json.loads(requests.readline())
    marker = ('\x01spindle-end:' + hello['nonce'] + '\n').encode('ascii')
    signal.signal(signal.SIGXCPU, _on_sigxcpu)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    sys.meta_path.insert(0, _PyplotHook())
    scope = {'__name__': '__main__', '__builtins__': __builtins__}
    _send(replies, {'ready': True})
    number = 0
    while True:
        line = requests.readline()
        if not line:
            return
        request = json.loads(line)
        code = requests.read(request['length']).decode('utf-8', errors='replace')
        number += 1
        _limit_cpu(request['cpu'])
        status, error = _run(code, scope, number)
        _limit_cpu(None)
        _save_open_figures()
        _reap()
        sys.stdout.flush()
        sys.stderr.flush()
        os.write(2, marker)
        _send(replies, {'id': request['id'], 'status': status, 'error': error})


main()
