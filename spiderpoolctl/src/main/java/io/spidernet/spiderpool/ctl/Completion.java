package io.spidernet.spiderpool.ctl;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/** Shell completion scripts for commands and options (names only: nothing is asked of a cluster). */
final class Completion {
    private Completion() {
    }

    static String script(String shell) {
        Set<String> first = new LinkedHashSet<>();
        for (Command c : Command.values()) {
            first.add(c.words().getFirst());
        }
        Set<String> options = new TreeSet<>();
        Invocation.VALUED.forEach(o -> options.add("--" + o));
        Invocation.FLAGS.forEach(o -> options.add("--" + o));
        options.add("--help");
        options.add("-o");
        String commands = String.join(" ", first);
        String opts = String.join(" ", options);
        return switch (shell) {
            case "bash" -> """
                    # spiderpoolctl completion for bash: source <(spiderpoolctl completion bash)
                    _spiderpoolctl() {
                      local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
                      case $prev in
                        -o|--output) COMPREPLY=($(compgen -W "table json yaml" -- "$cur")); return ;;
                        --kubeconfig|--controller-ca|--agent-socket) COMPREPLY=($(compgen -f -- "$cur")); return ;;
                        completion) COMPREPLY=($(compgen -W "bash zsh" -- "$cur")); return ;;
                        gc) COMPREPLY=($(compgen -W "preview run" -- "$cur")); return ;;
                      esac
                      if [[ $cur == -* ]]; then
                        COMPREPLY=($(compgen -W "%s" -- "$cur"))
                      elif [[ $COMP_CWORD -eq 1 ]]; then
                        COMPREPLY=($(compgen -W "%s" -- "$cur"))
                      fi
                    }
                    complete -F _spiderpoolctl spiderpoolctl
                    """.formatted(opts, commands);
            case "zsh" -> """
                    #compdef spiderpoolctl
                    # spiderpoolctl completion for zsh: spiderpoolctl completion zsh > "${fpath[1]}/_spiderpoolctl"
                    _spiderpoolctl() {
                      case $words[CURRENT-1] in
                        -o|--output) compadd table json yaml; return ;;
                        --kubeconfig|--controller-ca|--agent-socket) _files; return ;;
                        completion) compadd bash zsh; return ;;
                        gc) compadd preview run; return ;;
                      esac
                      if [[ $words[CURRENT] == -* ]]; then
                        compadd -- %s
                      elif (( CURRENT == 2 )); then
                        compadd %s
                      fi
                    }
                    compdef _spiderpoolctl spiderpoolctl
                    """.formatted(opts, commands);
            default -> throw CtlException.usage("completion " + shell + ": give bash or zsh");
        };
    }
}
