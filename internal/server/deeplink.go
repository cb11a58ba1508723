package server

import "strings"

// A session with a terminal and one argument that names no command is a
// deep link (ssh -t HOST SLUG, tags/NAME, search/QUERY, ...): the reader
// opens there (see tui.Options.Target). With a terminal, a command still
// runs as a command: `ssh -t HOST ls` lists the posts.

// commandNames are the plain commands, which a deep link cannot be; it
// must name every command RunCommand knows (TestCommandNamesCoverHelp
// checks it against the help text).
var commandNames = map[string]bool{
	"ls": true, "list": true, "cat": true, "read": true, "problems": true, "help": true,
	"search": true, "tags": true, "categories": true, "archive": true, "feed": true, "stats": true,
}

// deepLink returns the target of a session's command line, if it is one.
func deepLink(args []string) (string, bool) {
	if len(args) > 1 && strings.HasPrefix(strings.ToLower(args[0]), "search/") {
		// ssh -t HOST "search/two words": the server splits it as a shell
		// would.
		return strings.Join(args, " "), true
	}
	if len(args) != 1 || commandNames[strings.ToLower(args[0])] {
		return "", false
	}
	return args[0], true
}
