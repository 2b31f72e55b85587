// A small seccomp filter (classic BPF, handed to bwrap --seccomp) that answers EPERM to system
// calls a sandboxed program has no business making: debugging other processes, mounting, kernel
// modules and keyrings, BPF and perf, io_uring, namespaces. Most of them already fail for lack of
// privilege; the filter removes them from the kernel surface a program can reach at all.
// Programs for another architecture (32-bit x86 on x86_64, the x32 ABI) are killed outright, so
// the filter cannot be sidestepped through a second syscall table.

/** name → [x86_64 number, aarch64 number] (from asm/unistd_64.h and asm-generic/unistd.h). */
const DENIED: Readonly<Record<string, readonly [number, number]>> = {
    ptrace: [101, 117], process_vm_readv: [310, 270], process_vm_writev: [311, 271],
    mount: [165, 40], umount2: [166, 39], pivot_root: [155, 41], open_tree: [428, 428], move_mount: [429, 429],
    fsopen: [430, 430], fsconfig: [431, 431], fsmount: [432, 432], fspick: [433, 433], mount_setattr: [442, 442],
    swapon: [167, 224], swapoff: [168, 225], reboot: [169, 142], sethostname: [170, 161], setdomainname: [171, 162],
    kexec_load: [246, 104], kexec_file_load: [320, 294], init_module: [175, 105], finit_module: [313, 273], delete_module: [176, 106],
    keyctl: [250, 219], add_key: [248, 217], request_key: [249, 218],
    bpf: [321, 280], perf_event_open: [298, 241], userfaultfd: [323, 282],
    unshare: [272, 97], setns: [308, 268],
    open_by_handle_at: [304, 265], name_to_handle_at: [303, 264],
    io_uring_setup: [425, 425], io_uring_enter: [426, 426], io_uring_register: [427, 427],
    acct: [163, 89], quotactl: [179, 60], syslog: [103, 116], vhangup: [153, 58], lookup_dcookie: [212, 18],
};

export const DENIED_SYSCALLS = Object.keys(DENIED);

const AUDIT_ARCH = { x64: 0xc000003e, arm64: 0xc00000b7 } as const;
const X32_SYSCALL_BIT = 0x40000000;

// BPF opcodes
const LD_W_ABS = 0x20;
const JEQ_K = 0x15;
const JGE_K = 0x35;
const RET_K = 0x06;
const SECCOMP_RET_KILL_PROCESS = 0x80000000;
const SECCOMP_RET_ERRNO = 0x00050000;
const SECCOMP_RET_ALLOW = 0x7fff0000;
const EPERM = 1;
// struct seccomp_data: nr at offset 0, arch at offset 4
const OFFSET_NR = 0;
const OFFSET_ARCH = 4;

type Insn = [code: number, jt: number, jf: number, k: number];

/** The filter for `arch` (a process.arch value), or null where there is no table for it. */
export function seccompFilter(arch: string): Buffer | null {
    if (arch !== "x64" && arch !== "arm64") return null;
    const column = arch === "x64" ? 0 : 1;
    const numbers = Object.values(DENIED).map((pair) => pair[column]);
    const program: Insn[] = [
        [LD_W_ABS, 0, 0, OFFSET_ARCH],
        [JEQ_K, 1, 0, AUDIT_ARCH[arch]],
        [RET_K, 0, 0, SECCOMP_RET_KILL_PROCESS],
        [LD_W_ABS, 0, 0, OFFSET_NR],
    ];
    // Each jump target is counted from the next instruction: the EPERM return sits after the ALLOW.
    const checks = (arch === "x64" ? 1 : 0) + numbers.length;
    if (arch === "x64") program.push([JGE_K, checks, 0, X32_SYSCALL_BIT]); // x32 ABI numbers: deny
    numbers.forEach((nr, i) => {
        const remaining = numbers.length - 1 - i;
        program.push([JEQ_K, remaining + 1, 0, nr]);
    });
    program.push([RET_K, 0, 0, SECCOMP_RET_ALLOW]);
    program.push([RET_K, 0, 0, SECCOMP_RET_ERRNO | EPERM]);
    const buffer = Buffer.alloc(program.length * 8);
    program.forEach(([code, jt, jf, k], i) => {
        buffer.writeUInt16LE(code, i * 8);
        buffer.writeUInt8(jt, i * 8 + 2);
        buffer.writeUInt8(jf, i * 8 + 3);
        buffer.writeUInt32LE(k >>> 0, i * 8 + 4);
    });
    return buffer;
}
