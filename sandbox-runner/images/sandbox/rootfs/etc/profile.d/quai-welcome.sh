# shellcheck shell=sh
# Welcome message, once per interactive login shell (each new terminal).
case $- in
  *i*) ;;
  *) return ;;
esac

printf '\n\033[1mBienvenue sur Quai !\033[0m\n\n'
cat <<'MSG'
Ceci est votre propre hôte Docker : une machine Linux (Debian 13) avec son
moteur Docker, rien qu'à vous. Vous y êtes root : expérimentez sans crainte,
rien de ce que vous faites ici ne touche les autres apprenants.

  docker run hello-world    lancer votre premier conteneur
  docker ps -a              lister les conteneurs
  docker images             lister les images présentes

Pas d'accès à Internet ici : les images du cours (debian, nginx, busybox,
alpine, golang…) viennent d'un cache local et se téléchargent en un instant.

MSG
