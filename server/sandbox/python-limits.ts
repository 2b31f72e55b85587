// Python source shared by the one-shot runner (interpreters.ts) and the session driver
// (python-driver.ts): which limit, if any, an exception carries. Decided from the exception's
// type and errno, the way the kernel reported the limit (ENOMEM → MemoryError, EFBIG: python
// ignores SIGXFSZ, so a write past RLIMIT_FSIZE fails with EFBIG; ENOSPC on a full tmpfs;
// EAGAIN from fork/clone at RLIMIT_NPROC; EMFILE at RLIMIT_NOFILE), never from its message text
// except CPython's fixed "can't start new thread", which is how it reports EAGAIN from clone.
export const PYTHON_LIMIT_OF = String.raw`
def _gptoss_limit_of(exc):
    import errno
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, MemoryError):
            return "memory"
        if isinstance(exc, OSError):
            if exc.errno == errno.ENOMEM:
                return "memory"
            if exc.errno == errno.EFBIG:
                return "file-size"
            if exc.errno == errno.ENOSPC:
                return "scratch"
            if exc.errno == errno.EMFILE:
                return "open-files"
            if exc.errno == errno.EAGAIN and exc.filename is None and _gptoss_from_fork(exc):
                return "processes"
        if isinstance(exc, RuntimeError) and str(exc).startswith("can't start new thread"):
            return "processes"
        exc = exc.__cause__ or exc.__context__
    return None

def _gptoss_from_fork(exc):
    # EAGAIN also means "would block" on non-blocking I/O; count it only when a process was being started.
    names = {"fork", "forkpty", "_execute_child", "_fork_exec", "fork_exec", "posix_spawn", "posix_spawnp", "_launch", "spawnv", "spawnve", "system"}
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_name in names or code.co_filename.endswith(("subprocess.py", "popen_fork.py", "multiprocessing/pool.py")):
            return True
        line = __import__("linecache").getline(code.co_filename, tb.tb_lineno)
        if "fork(" in line or "system(" in line or "spawn" in line or "Popen(" in line or "subprocess." in line:
            return True
        tb = tb.tb_next
    return False
`;
