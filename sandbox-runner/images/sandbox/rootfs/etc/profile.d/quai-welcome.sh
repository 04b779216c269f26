# shellcheck shell=sh
# Welcome message, once per interactive login shell (each new terminal),
# wrapped to the terminal's width (QUAI_TERM_COLS: the width the runner opened
# the shell with; the TTY itself is resized a moment later). A no-break space
# before « : » keeps French punctuation on its word.
case $- in
  *i*) ;;
  *) return ;;
esac

quai_cols=${QUAI_TERM_COLS:-$(stty size 2>/dev/null | cut -d' ' -f2)}
case $quai_cols in
  '' | *[!0-9]* | 0) quai_cols=80 ;;
esac
[ "$quai_cols" -gt 80 ] && quai_cols=80

quai_para() { printf '%s\n\n' "$1" | fold -s -w "$((quai_cols - 1))"; }
quai_cmd() {
  if [ "$quai_cols" -ge 60 ]; then
    printf '  %-24s  %s\n' "$1" "$2"
  else
    printf '  %s\n      %s\n' "$1" "$2"
  fi
}

printf '\n\033[1mBienvenue sur Quai !\033[0m\n\n'
quai_para "Ceci est votre propre hôte Docker : une machine Linux (Debian 13) avec son moteur Docker, rien qu'à vous. Vous y êtes root : expérimentez sans crainte, rien de ce que vous faites ici ne touche les autres apprenants."
quai_cmd "docker run hello-world" "lancer votre premier conteneur"
quai_cmd "docker ps -a" "lister les conteneurs"
quai_cmd "docker images" "lister les images présentes"
printf '\n'
quai_para "Pas d'accès à Internet ici : les images du cours (debian, nginx, busybox, alpine, golang…) viennent d'un cache local et se téléchargent en un instant."
unset -f quai_para quai_cmd
unset quai_cols
