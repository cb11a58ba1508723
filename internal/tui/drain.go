package tui

// DrainMsg tells a session that the server is shutting down: the reader
// sees a notice that the blog is restarting (in their language) until the
// session is closed, and can go on reading meanwhile.
type DrainMsg struct{}

// drain shows the restart notice; it stays, whatever else happens.
func (m *Model) drain() {
	m.draining = true
	m.showHelp = false // the notice is in the footer, which help hides
}

// footerNotice is the notice the footer shows, if any.
func (m *Model) footerNotice() string {
	if m.draining {
		return m.str.Restarting
	}
	return m.notice
}
