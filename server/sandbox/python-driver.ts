// The program behind a stateful python session, as Python source (a string, so it bundles with
// the server). It runs one long-lived interpreter: cells arrive on a control pipe as
// "EXEC <bytes>\n<code>", run in one shared namespace (variables persist between cells, as in
// gpt-oss's stateful `python` tool), and the value of a final expression is printed like a
// notebook would. The cell's own output goes to the real stdout/stderr, which the server reads
// continuously; after each cell the driver writes an end marker on both streams and a JSON status
// line on the control pipe, so the server knows which output belongs to which cell.
//
// Between cells the driver tidies up: processes a cell left running are ended (in the sandbox's
// own pid namespace only) and counted, so the next cell starts with every process slot free; the
// status line says how many there were, which limit the cell's exception carried
// (python-limits.ts), how full the scratch folders are, how much address space the interpreter
// holds and how many threads earlier cells left running.
// argv: [control-out fd, end-marker token, CPU seconds per cell, "sandbox" | "host", scratch folders...]
import { PYTHON_LIMIT_OF } from "./python-limits.ts";

export const PYTHON_DRIVER = String.raw`
import ast, json, linecache, os, resource, signal, sys, threading, time, traceback
` + PYTHON_LIMIT_OF + String.raw`
ctl_out = int(sys.argv[1])
marker = ("\x1e" + sys.argv[2] + "\x1e").encode()
cpu_per_cell = int(sys.argv[3])
where = sys.argv[4]
scratch = sys.argv[5:]
driver_pid = os.getpid()
os.set_inheritable(ctl_out, False)
ctl_in = os.fdopen(os.dup(0), "rb", buffering=0)
os.set_inheritable(ctl_in.fileno(), False)
_null = os.open(os.devnull, os.O_RDONLY)
os.dup2(_null, 0)  # a cell that reads stdin gets end-of-file, not the control channel
os.close(_null)
sys.argv = [""]

def in_own_pid_namespace():
    # kill(-1) reaches every process the caller may signal: only ever inside the sandbox's own pid
    # namespace, whose pid 1 is bubblewrap's, never on the host.
    if where != "sandbox":
        return False
    try:
        with open("/proc/1/comm") as f:
            return f.read().strip() == "bwrap"
    except OSError:
        return False

def others():
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) not in (1, driver_pid):
            found.append(int(entry))
    return found

def same_group_others():
    # Unsandboxed: only what stayed in the session's own process group can be found and ended.
    group = os.getpgrp()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == driver_pid:
            continue
        try:
            with open("/proc/%s/stat" % entry) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[2]) == group:
                found.append(int(entry))
        except (OSError, IndexError, ValueError):
            pass
    return found

def reap():
    try:
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass
    except ChildProcessError:
        pass

def end_leftovers():
    sandboxed = in_own_pid_namespace()
    left = others() if sandboxed else same_group_others()
    if not left:
        return 0
    for attempt in range(1000):
        if sandboxed:
            try:
                os.kill(-1, signal.SIGKILL)
            except ProcessLookupError:
                pass
        else:
            for pid in same_group_others():
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        reap()
        if not (others() if sandboxed else same_group_others()):
            break
        # Killed processes vanish from /proc once reaped (by us or by pid 1); nothing to wait on but time.
        time.sleep(0.002)
    return len(left)

def vm_bytes():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return None

def full_scratch():
    full = []
    for path in scratch:
        try:
            st = os.statvfs(path)
            if st.f_bavail * st.f_frsize < 16 * 1024:
                full.append(path)
        except OSError:
            pass
    return full
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
        if os.getpid() != driver_pid:
            os._exit(exc.code if isinstance(exc.code, int) else 1)  # a process the cell forked: never the driver's loop
        # exit() ends the cell, not the session.
        code_value = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        return {"ok": code_value == 0, "exitCode": code_value}
    except BaseException as exc:
        if os.getpid() != driver_pid:
            os._exit(1)  # a process the cell forked: it must not read cells or write statuses
        report_exception(exc, name)
        status = {"ok": False, "error": "%s: %s" % (type(exc).__name__, exc)}
        limit = _gptoss_limit_of(exc)
        if limit is not None:
            status["limit"] = limit
        return status

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
    if os.getpid() != driver_pid:
        os._exit(0)
    status["left"] = end_leftovers()
    status["threads"] = threading.active_count() - 1
    status["vm"] = vm_bytes()
    status["fullScratch"] = full_scratch()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:
        pass
    os.write(1, marker)
    os.write(2, marker)
    os.write(ctl_out, (json.dumps(status) + "\n").encode())
`;
