package io.monarch.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * The bash/zsh completion script: picocli's, which completes commands and options from the command model, taught
 * the project's own names. picocli writes candidate lists into the script once; where a list is a placeholder
 * ({@link #placeholder}), the script asks {@code monarch __complete <kind>} when Tab is pressed, in the folder the
 * user is in. {@code <backup>:<env>} and {@code <from>:<to>} are completed here too: bash splits words at ':',
 * which picocli's positional counting does not expect.
 */
final class CompletionScript {
    private static final String PREFIX = "@@monarch:";
    private static final String SUFFIX = "@@";

    private CompletionScript() {
    }

    /** A candidate list that the script fills, at Tab, with the project's names of this kind. */
    static Iterator<String> placeholder(CompleteCommand.Kind kind) {
        return List.of(PREFIX + kind + SUFFIX).iterator();
    }

    static String bash(CommandLine root) {
        String name = root.getCommandName();
        String script = AutoComplete.bash(name, root);
        script = rename(script, "function compReplyArray() {", "function _picocli_compReplyArray() {");
        script = rename(script, "function _complete_" + name + "() {", "function _picocli_complete_" + name + "() {");
        return script + DYNAMIC
                .replace("@NAME@", name)
                .replace("@PAIR_OPTIONS@", String.join("|", optionsWithValues(root, "restore", "copy_db")))
                + "\n";
    }

    /** The options of these commands that take a value: the word after one is that value, not a positional. */
    private static List<String> optionsWithValues(CommandLine root, String... commands) {
        TreeSet<String> names = new TreeSet<>();
        for (String command : commands) {
            for (OptionSpec option : root.getSubcommands().get(command).getCommandSpec().options()) {
                if (option.arity().max() > 0) {
                    names.addAll(List.of(option.names()));
                }
            }
        }
        return List.copyOf(names);
    }

    private static String rename(String script, String from, String to) {
        if (!script.contains(from)) {
            throw new IllegalStateException("picocli's completion script has no '" + from + "' to extend");
        }
        return script.replace(from, to);
    }

    private static final String DYNAMIC = """

            # --- monarch: the project's own names ------------------------------------------------------------
            # Where a candidate list above is a placeholder (@@monarch:<kind>@@), the names are asked of monarch
            # itself, in this folder: `@NAME@ __complete environments|backups|querysets` prints them one a line,
            # and nothing at all when it cannot (no settings found, a bad file), so completion stays quiet.
            function _monarch_names() {
              local monarch=${COMP_WORDS[0]} settings='' i
              [[ $monarch == "~/"* ]] && monarch=$HOME/${monarch:2}
              for (( i = 1; i < ${#COMP_WORDS[@]} - 1; i++ )); do
                [[ ${COMP_WORDS[i]} == --settings ]] && settings=${COMP_WORDS[i+1]}
              done
              if [[ -n $settings ]]; then
                "$monarch" __complete "$1" --settings "$settings" 2>/dev/null
              else
                "$monarch" __complete "$1" 2>/dev/null
              fi
            }

            function compReplyArray() {
              local values=() value name
              for value in "$@"; do
                if [[ $value == @@monarch:*@@ ]]; then
                  value=${value#@@monarch:}
                  while IFS= read -r name; do
                    [[ -n $name ]] && values+=("$name")
                  done < <(_monarch_names "${value%@@}")
                else
                  values+=("$value")
                fi
              done
              _picocli_compReplyArray "${values[@]}"
            }

            # restore <backup>:<env> and copy_db <from>:<to>: before the ':' a backup (or an environment), after it
            # an environment. Everything else is picocli's.
            function _complete_@NAME@() {
              local verb='' i
              for (( i = 1; i < COMP_CWORD; i++ )); do
                [[ ${COMP_WORDS[i]} != -* ]] && { verb=${COMP_WORDS[i]}; break; }
              done
              local first=''
              case $verb in
                restore) first=backups ;;
                copy_db|copy-db) first=environments ;;
              esac
              local line=${COMP_LINE:0:COMP_POINT}
              local current=${line##*[[:space:]]}
              local before=${line%"$current"} previous='' token given=''
              for token in $before; do
                previous=$token
                [[ $token == *:* ]] && given=yes
              done
              if [[ -z $first || $current == -* || -n $given ]]; then
                _picocli_complete_@NAME@
                return $?
              fi
              case $previous in
                @PAIR_OPTIONS@) _picocli_complete_@NAME@; return $? ;;
              esac
              local name names=()
              if [[ $current == *:* ]]; then
                local typed=${current##*:} keep=''
                # with ':' a word break (bash's default) only the part after it is replaced
                [[ $COMP_WORDBREAKS == *:* ]] || keep=${current%:*}:
                while IFS= read -r name; do
                  [[ -n $name && $name == "$typed"* ]] && names+=("$keep$name")
                done < <(_monarch_names environments)
              else
                while IFS= read -r name; do
                  [[ -n $name && $name == "$current"* ]] && names+=("$name:")
                done < <(_monarch_names "$first")
                type compopt &>/dev/null && compopt -o nospace
              fi
              COMPREPLY=("${names[@]}")
            }""";
}
