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

# Completion of commands, including docker and docker compose.
if [ -f /usr/share/bash-completion/bash_completion ]; then
  . /usr/share/bash-completion/bash_completion
fi
