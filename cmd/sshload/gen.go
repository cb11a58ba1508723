package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/sshblog/sshblog/internal/sitegen"
)

// cmdGen writes a synthetic content folder, e.g. to measure cold load and
// reload times of the server on 10,000 posts.
func cmdGen(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", "", "folder to write (required)")
	n := fs.Int("n", 10000, "number of posts")
	search := fs.Bool("search", false, "write the search corpus instead (half Chinese at 2,000 characters with a Zipf vocabulary, half English at 700 words), as a real Chinese blog reads")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" {
		return fmt.Errorf("gen: --dir is required")
	}
	var size int64
	var err error
	if *search {
		c := sitegen.DefaultCorpus
		c.Posts = *n
		size, err = c.Generate(*dir)
	} else {
		size, err = sitegen.Generate(*dir, *n)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %d posts, %.1f MB, to %s\n", *n, float64(size)/(1<<20), *dir)
	return nil
}
