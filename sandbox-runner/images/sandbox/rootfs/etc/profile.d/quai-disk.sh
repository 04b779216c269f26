# shellcheck shell=bash
# Says in French, at the prompt, when the sandbox's own disk (its quota, see
# docs/security.md) is nearly full: Docker's "no space left on device" comes
# deep inside other output and is easy to miss. Once per filling, not at
# every prompt; stat -f is one syscall.
case $- in
  *i*) ;;
  *) return ;;
esac

quai_disk_check() {
  local avail total bsize used_pct
  read -r avail total bsize < <(stat -f -c '%a %b %S' /var/lib/docker 2>/dev/null) || return 0
  [ "${total:-0}" -gt 0 ] || return 0
  used_pct=$(((total - avail) * 100 / total))
  if [ "$used_pct" -ge 97 ]; then
    if [ -z "${QUAI_DISK_WARNED:-}" ]; then
      local used_dg=$(((total - avail) * bsize / 100000000)) total_dg=$((total * bsize / 100000000))
      printf '\n\033[1;33m⚠ Le disque de votre bac à sable est plein à %s %% (%s,%s Go sur %s,%s Go).\033[0m\n' \
        "$used_pct" "$((used_dg / 10))" "$((used_dg % 10))" "$((total_dg / 10))" "$((total_dg % 10))"
      printf '  Docker ne peut bientôt plus rien écrire. Libérez de la place :\n'
      printf '  docker system prune (conteneurs arrêtés, images et cache inutilisés), docker image rm…\n'
      printf '  ou repartez de zéro avec « Réinitialiser ».\n\n'
      QUAI_DISK_WARNED=1
    fi
  else
    QUAI_DISK_WARNED=
  fi
}
PROMPT_COMMAND="quai_disk_check${PROMPT_COMMAND:+;$PROMPT_COMMAND}"
