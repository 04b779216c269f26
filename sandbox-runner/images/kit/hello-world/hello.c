/*
 * Quai's offline stand-in for Docker's hello-world: a static program with no
 * C library at all (two raw system calls: write, then exit), so that the image
 * holds one file of a few kilobytes, like the real one.
 * Built by scripts/images/offline.sh with the host's gcc:
 *   gcc -Os -static -nostdlib -Wl,-n ... -o hello hello.c   (about 1.3 KB)
 */

static const char message[] =
    "\n"
    "Hello from Docker!\n"
    "Bonjour de la part de Docker ! Votre installation fonctionne.\n"
    "\n"
    "Ce qui vient de se passer :\n"
    " 1. Le client docker a contacté le démon Docker.\n"
    " 2. Le démon a récupéré l'image « hello-world » (ici depuis le cache\n"
    "    d'images de Quai, qui remplace Docker Hub hors ligne).\n"
    " 3. Le démon a créé un conteneur à partir de cette image et l'a démarré :\n"
    "    le programme qu'elle contient a écrit ce message.\n"
    " 4. Le démon a renvoyé cette sortie au client docker, qui l'affiche\n"
    "    dans votre terminal.\n"
    "\n"
    "(This tiny image is a Quai offline stand-in, not the upstream one.)\n"
    "\n"
    "Pour aller plus loin, lancez un shell dans un conteneur Debian :\n"
    " $ docker run -it debian bash\n"
    "\n";

#if defined(__x86_64__)
static long sys3(long n, long a, long b, long c) {
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(n), "D"(a), "S"(b), "d"(c)
                     : "rcx", "r11", "memory");
    return ret;
}
#define SYS_WRITE 1
#define SYS_EXIT 60
#elif defined(__aarch64__)
static long sys3(long n, long a, long b, long c) {
    register long x8 __asm__("x8") = n;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    __asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
    return x0;
}
#define SYS_WRITE 64
#define SYS_EXIT 93
#else
#error "hello.c: only x86_64 and aarch64 are supported"
#endif

void _start(void) {
    long len = sizeof message - 1;
    const char *p = message;
    int status = 0;
    while (len > 0) {
        long n = sys3(SYS_WRITE, 1, (long)p, len);
        if (n <= 0) {
            status = 1;
            break;
        }
        p += n;
        len -= n;
    }
    sys3(SYS_EXIT, status, 0, 0);
    for (;;) {
    }
}
