# ~/.bashrc of the learner (root) in a Quai sandbox.
# Interactive shells only; scripts (exercise checks) skip everything here.
case $- in
  *i*) ;;
  *) return ;;
esac

# The web terminal is an xterm.js: 256 colours.
[ -z "${TERM:-}" ] || [ "$TERM" = dumb ] && export TERM=xterm-256color

HISTCONTROL=ignoreboth
HISTSIZE=5000
HISTFILESIZE=10000
shopt -s histappend checkwinsize

# root@quai:~#
PS1='\[\e[1;32m\]\u@\h\[\e[0m\]:\[\e[1;34m\]\w\[\e[0m\]\$ '

export LESS='-R'
export EDITOR=nano

alias ls='ls --color=auto'
alias ll='ls -alF'
alias la='ls -A'
alias grep='grep --color=auto'

# Completion of commands, including docker and docker compose. bash-completion
# is loaded at the first Tab on a command's arguments, not before the first
# prompt: it was ~45 ms of a new shell's ~95 ms on a quiet machine, more on a
# busy one, and a learner waits for that prompt. The default completion loads
# it, then hands this first Tab to bash-completion's own default completion,
# which loads the command's completion (docker's, compose's…) and returns 124:
# bash completes again with it.
if [ -f /usr/share/bash-completion/bash_completion ]; then
  _quai_load_completion() {
    complete -r -D
    unset -f _quai_load_completion
    . /usr/share/bash-completion/bash_completion
    if declare -F _comp_complete_load >/dev/null; then
      _comp_complete_load "$@"
      return
    fi
    return 124
  }
  complete -D -F _quai_load_completion
fi
