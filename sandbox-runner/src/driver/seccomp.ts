/**
 * The sandbox's seccomp profile: an allowlist, written for Quai.
 *
 * Docker's default profile is compiled into the engine and a custom profile
 * replaces it rather than extending it, so this one follows the same policy
 * (everything an ordinary Linux program uses; nothing that only serves to
 * load code into the kernel, change the host's clock or reach kernel
 * interfaces that container escapes keep going through), then adds what a
 * nested Docker engine needs, each group with its reason.
 *
 * The real boundary is the sandbox's user namespace (see the image's
 * entrypoint.sh): the learner is root only there, so host-wide settings,
 * devices and other processes are out of reach whatever the syscall. The
 * profile narrows the kernel surface a learner can reach from that root
 * (io_uring, BPF, keyrings, userfaultfd…), where most recent escapes began.
 *
 * A syscall not listed fails with EPERM (Docker 20.10 does not honour a
 * profile's defaultErrnoRet). The kernel keyring calls fail with ENOSYS
 * instead: runc reads ENOSYS as "no keyrings here" and goes on, while EPERM
 * would stop every learner container from starting. Names the engine's
 * libseccomp does not know are ignored by Docker, so newer syscalls can be
 * listed ahead of it.
 */

interface Group {
  why: string;
  names: string[];
}

export const ALLOWED_SYSCALLS: Group[] = [
  {
    why: "files, directories, links, attributes and file descriptors",
    names: [
      "access", "chdir", "chmod", "chown", "chown32", "close", "close_range", "copy_file_range", "creat", "dup", "dup2",
      "dup3", "faccessat", "faccessat2", "fadvise64", "fadvise64_64", "fallocate", "fchdir", "fchmod", "fchmodat",
      "fchmodat2", "fchown", "fchown32", "fchownat", "fcntl", "fcntl64", "fdatasync", "fgetxattr", "flistxattr", "flock",
      "fremovexattr", "fsetxattr", "fstat", "fstat64", "fstatat64", "fstatfs", "fstatfs64", "fsync", "ftruncate",
      "ftruncate64", "futimesat", "getcwd", "ioctl", "getdents", "getdents64", "getxattr", "getxattrat", "lchown", "lchown32",
      "lgetxattr", "link", "linkat", "listxattr", "listxattrat", "llistxattr", "_llseek", "lremovexattr", "lseek",
      "lsetxattr", "lstat", "lstat64", "mkdir", "mkdirat", "mknod", "mknodat", "newfstatat", "open", "openat", "openat2",
      "pread64", "preadv", "preadv2", "pwrite64", "pwritev", "pwritev2", "read", "readahead", "readlink", "readlinkat",
      "readv", "removexattr", "removexattrat", "rename", "renameat", "renameat2", "rmdir", "sendfile", "sendfile64",
      "setxattr", "setxattrat", "splice", "stat", "stat64", "statfs", "statfs64", "statx", "symlink", "symlinkat", "sync",
      "sync_file_range", "sync_file_range2", "syncfs", "tee", "truncate", "truncate64", "umask", "unlink", "unlinkat",
      "utime", "utimensat", "utimensat_time64", "utimes", "vmsplice", "write", "writev", "file_getattr", "file_setattr",
      "name_to_handle_at", "cachestat",
    ],
  },
  {
    why: "waiting on descriptors, events, signals, timers and clocks (reading the clock only)",
    names: [
      "alarm", "clock_getres", "clock_getres_time64", "clock_gettime", "clock_gettime64", "clock_nanosleep",
      "clock_nanosleep_time64", "epoll_create", "epoll_create1", "epoll_ctl", "epoll_ctl_old", "epoll_pwait",
      "epoll_pwait2", "epoll_wait", "epoll_wait_old", "eventfd", "eventfd2", "fanotify_mark", "getitimer", "gettimeofday",
      "inotify_add_watch", "inotify_init", "inotify_init1", "inotify_rm_watch", "nanosleep", "_newselect", "pause",
      "poll", "ppoll", "ppoll_time64", "pselect6", "pselect6_time64", "restart_syscall", "rt_sigaction", "rt_sigpending",
      "rt_sigprocmask", "rt_sigqueueinfo", "rt_sigreturn", "rt_sigsuspend", "rt_sigtimedwait", "rt_sigtimedwait_time64",
      "rt_tgsigqueueinfo", "select", "setitimer", "sigaction", "sigaltstack", "signal", "signalfd", "signalfd4",
      "sigpending", "sigprocmask", "sigreturn", "sigsuspend", "time", "timer_create", "timer_delete", "timer_getoverrun",
      "timer_gettime", "timer_gettime64", "timer_settime", "timer_settime64", "timerfd_create", "timerfd_gettime",
      "timerfd_gettime64", "timerfd_settime", "timerfd_settime64", "times", "adjtimex",
    ],
  },
  {
    why: "memory (limits are the cgroup's, above the learner's reach)",
    names: [
      "brk", "get_mempolicy", "madvise", "mbind", "membarrier", "memfd_create", "memfd_secret", "mincore", "mlock",
      "mlock2", "mlockall", "mmap", "mmap2", "mprotect", "mremap", "mseal", "msync", "munlock", "munlockall", "munmap",
      "pkey_alloc", "pkey_free", "pkey_mprotect", "process_madvise", "process_mrelease", "remap_file_pages",
      "set_mempolicy", "set_mempolicy_home_node", "map_shadow_stack",
    ],
  },
  {
    why: "processes, threads, credentials, scheduling and resource limits",
    names: [
      "arch_prctl", "capget", "capset", "execve", "execveat", "exit", "exit_group", "fork", "futex", "futex_requeue",
      "futex_time64", "futex_wait", "futex_waitv", "futex_wake", "get_robust_list", "get_thread_area", "getcpu",
      "getegid", "getegid32", "geteuid", "geteuid32", "getgid", "getgid32", "getgroups", "getgroups32", "getpgid",
      "getpgrp", "getpid", "getppid", "getpriority", "getrandom", "getresgid", "getresgid32", "getresuid", "getresuid32",
      "getrlimit", "getrusage", "getsid", "gettid", "getuid", "getuid32", "ioprio_get", "ioprio_set", "kill",
      "landlock_add_rule", "landlock_create_ruleset", "landlock_restrict_self", "lsm_get_self_attr", "lsm_list_modules",
      "personality", "pidfd_getfd", "pidfd_open", "pidfd_send_signal", "prctl", "prlimit64", "rseq", "sched_get_priority_max",
      "sched_get_priority_min", "sched_getaffinity", "sched_getattr", "sched_getparam", "sched_getscheduler",
      "sched_rr_get_interval", "sched_rr_get_interval_time64", "sched_setaffinity", "sched_setattr", "sched_setparam",
      "sched_setscheduler", "sched_yield", "seccomp", "set_robust_list", "set_thread_area", "set_tid_address", "setfsgid",
      "setfsgid32", "setfsuid", "setfsuid32", "setgid", "setgid32", "setgroups", "setgroups32", "setpgid", "setpriority",
      "setregid", "setregid32", "setresgid", "setresgid32", "setresuid", "setresuid32", "setreuid", "setreuid32",
      "setrlimit", "setsid", "setuid", "setuid32", "sysinfo", "tgkill", "tkill", "ugetrlimit", "uname", "vfork", "wait4",
      "waitid", "waitpid",
    ],
  },
  {
    why: "sockets, pipes and System V / POSIX IPC",
    names: [
      "accept", "accept4", "bind", "connect", "getpeername", "getsockname", "getsockopt", "ipc", "listen", "mq_getsetattr",
      "mq_notify", "mq_open", "mq_timedreceive", "mq_timedreceive_time64", "mq_timedsend", "mq_timedsend_time64",
      "mq_unlink", "msgctl", "msgget", "msgrcv", "msgsnd", "pipe", "pipe2", "recv", "recvfrom", "recvmmsg",
      "recvmmsg_time64", "recvmsg", "semctl", "semget", "semop", "semtimedop", "semtimedop_time64", "send", "sendmmsg",
      "sendmsg", "sendto", "setsockopt", "shmat", "shmctl", "shmdt", "shmget", "shutdown", "socket", "socketcall",
      "socketpair",
    ],
  },
  {
    why: "asynchronous I/O (the classic interface; io_uring stays out)",
    names: ["io_cancel", "io_destroy", "io_getevents", "io_pgetevents", "io_pgetevents_time64", "io_setup", "io_submit"],
  },
  {
    why: "debugging inside the sandbox (strace, gdb, docker exec of a non-root user: runc joins namespaces with ptrace rights)",
    names: ["ptrace", "process_vm_readv", "process_vm_writev", "kcmp"],
  },
  {
    why:
      "nested Docker: namespaces and mounts. runc and dockerd create every kind of namespace and mount /proc, /sys, " +
      "overlays, tmpfs and cgroups for the learner's containers; the sandbox's own start does the same on its user " +
      "namespace. Docker's default profile allows these too, to a container holding CAP_SYS_ADMIN.",
    names: [
      "clone", "clone3", "unshare", "setns", "mount", "umount", "umount2", "mount_setattr", "move_mount", "open_tree",
      "open_tree_attr", "fsopen", "fsconfig", "fsmount", "fspick", "statmount", "listmount", "chroot", "sethostname",
      "setdomainname", "fanotify_init", "syslog",
    ],
  },
  {
    why:
      "nested Docker: pivot_root. runc switches every learner container to its root filesystem with it, and the " +
      "sandbox's own start does so for the learner's root (chroot would leave the image reachable). Not in Docker's " +
      "default profile, which assumes a container never starts containers.",
    names: ["pivot_root"],
  },
];

/**
 * Kept out on purpose (a test asserts it): kernel code and modules, the
 * host's clock, swap and reboot, raw handles to the host's files, and the
 * interfaces behind most recent container escapes. Everything else unlisted
 * is out as well; these are the ones worth naming.
 */
export const DENIED_SYSCALLS = [
  "bpf", "perf_event_open", "io_uring_setup", "io_uring_enter", "io_uring_register", "userfaultfd", "keyctl", "add_key",
  "request_key", "open_by_handle_at", "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module",
  "create_module", "reboot", "swapon", "swapoff", "settimeofday", "stime", "clock_settime", "clock_settime64",
  "clock_adjtime", "clock_adjtime64", "acct", "quotactl", "quotactl_fd", "lookup_dcookie", "iopl", "ioperm", "vm86",
  "vm86old", "modify_ldt", "uselib", "_sysctl", "nfsservctl", "vhangup", "ustat", "sysfs", "get_kernel_syms",
  "query_module", "move_pages", "migrate_pages",
];

/** Denied as if the kernel had no keyrings (ENOSYS): see above. */
const KEYRING_SYSCALLS = ["keyctl", "add_key", "request_key"];

export function seccompProfile(): object {
  const names = [...new Set(ALLOWED_SYSCALLS.flatMap((g) => g.names))].sort();
  return {
    defaultAction: "SCMP_ACT_ERRNO",
    archMap: [
      { architecture: "SCMP_ARCH_X86_64", subArchitectures: ["SCMP_ARCH_X86", "SCMP_ARCH_X32"] },
      { architecture: "SCMP_ARCH_AARCH64", subArchitectures: ["SCMP_ARCH_ARM"] },
    ],
    syscalls: [
      { names, action: "SCMP_ACT_ALLOW" },
      { names: [...KEYRING_SYSCALLS], action: "SCMP_ACT_ERRNO", errnoRet: 38 }, // ENOSYS
    ],
  };
}

/** The value of Docker's `--security-opt seccomp=…` (the API takes the profile itself, as JSON). */
export const SANDBOX_SECCOMP = JSON.stringify(seccompProfile());
