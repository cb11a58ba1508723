// Package mermaid draws mermaid flowcharts as text: boxes of box-drawing
// characters joined by orthogonal lines with arrows, for a ```mermaid
// fence read in a terminal.
//
// No mermaid library is served by our module proxy (and the known ones
// are JavaScript), so this package parses the common subset of the
// flowchart syntax itself and lays it out the way layered graph drawing
// (Sugiyama) does: a cycle is broken by reversing a back edge, nodes get
// layers by longest path, long edges and edge labels become nodes of
// their own in the layers they cross, nodes are ordered in their layers
// by a few barycenter sweeps to reduce crossings, and each edge is routed
// in the gap between two layers on a track of its own. A subgraph is a
// frame around its nodes, which the layout keeps together; where a frame
// cannot be kept clear, the chart is drawn without frames. Sequence
// diagrams are drawn too: participants side by side, far enough apart
// for the messages between them.
//
// What it does not understand (other diagram kinds, unknown syntax, more
// than MaxNodes nodes or MaxEdges edges, a drawing wider than the width
// in both directions) makes Render report false: the caller then shows
// the diagram's source, never an error drawn as a diagram. The input is
// untrusted: sizes, counts and work are bounded (see the Max constants),
// and labels lose their control characters.
package mermaid
