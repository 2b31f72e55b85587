// The program behind a stateful python session, as Python source (a string, so it bundles with
// the server). It runs one long-lived interpreter: cells arrive on a control pipe as
// "EXEC <bytes>\n<code>", run in one shared namespace (variables persist between cells, as in
// gpt-oss's stateful `python` tool), and the value of a final expression is printed like a
// notebook would. The cell's own output goes to the real stdout/stderr, which the server reads
// continuously; after each cell the driver writes an end marker on both streams and a JSON status
// line on the control pipe, so the server knows which output belongs to which cell.
// argv: [control-out fd, end-marker token, CPU seconds per cell]
export const PYTHON_DRIVER = String.raw`
import ast, json, linecache, os, resource, sys, traceback

ctl_out = int(sys.argv[1])
marker = ("\x1e" + sys.argv[2] + "\x1e").encode()
cpu_per_cell = int(sys.argv[3])
os.set_inheritable(ctl_out, False)
ctl_in = os.fdopen(os.dup(0), "rb", buffering=0)
os.set_inheritable(ctl_in.fileno(), False)
_null = os.open(os.devnull, os.O_RDONLY)
os.dup2(_null, 0)  # a cell that reads stdin gets end-of-file, not the control channel
os.close(_null)
sys.argv = [""]
sys.path[0] = ""  # the working directory (the workspace), not the driver's folder
namespace = {"__name__": "__main__", "__builtins__": __builtins__}
cell_number = 0

def read_exact(n):
    data = b""
    while len(data) < n:
        chunk = ctl_in.read(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data

def arm_cpu_limit():
    # RLIMIT_CPU counts the process's whole life: give each cell its own budget on top of what
    # earlier cells used, within the session's hard limit.
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    wanted = int(usage.ru_utime + usage.ru_stime) + cpu_per_cell + 1
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (wanted, hard))

def report_exception(exc, name):
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != name:
        tb = tb.tb_next  # hide the driver's own frames
    sys.stderr.write("".join(traceback.format_exception(type(exc), exc, tb)))

def run_cell(code):
    global cell_number
    cell_number += 1
    name = "<cell %d>" % cell_number
    linecache.cache[name] = (len(code), None, code.splitlines(True), name)
    try:
        tree = ast.parse(code, name, "exec")
    except SyntaxError as exc:
        sys.stderr.write("".join(traceback.format_exception_only(type(exc), exc)))
        return {"ok": False, "error": "SyntaxError: %s" % exc.msg}
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    try:
        exec(compile(tree, name, "exec"), namespace)
        if last is not None:
            value = eval(compile(last, name, "eval"), namespace)
            if value is not None:
                print(repr(value))
        return {"ok": True}
    except SystemExit as exc:
        # exit() ends the cell, not the session.
        code_value = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        return {"ok": code_value == 0, "exitCode": code_value}
    except BaseException as exc:
        report_exception(exc, name)
        return {"ok": False, "error": "%s: %s" % (type(exc).__name__, exc)}

os.write(ctl_out, b'{"ready": true}\n')
while True:
    header = b""
    while not header.endswith(b"\n"):
        byte = ctl_in.read(1)
        if not byte:
            sys.exit(0)
        header += byte
    size = int(header.split()[1])
    try:
        source = read_exact(size).decode("utf-8")
    except EOFError:
        sys.exit(0)
    arm_cpu_limit()
    status = run_cell(source)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        pass
    os.write(1, marker)
    os.write(2, marker)
    os.write(ctl_out, (json.dumps(status) + "\n").encode())
`;
