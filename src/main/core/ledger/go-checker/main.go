// Command go-checker verifies Concordat ledger artefacts with Go's golang.org/x/mod/sumdb/note
// and golang.org/x/mod/sumdb/tlog, an implementation independent of the TypeScript code.
//
// It reads one JSON request on stdin and writes one JSON report on stdout; the exit status is
// 0 when every check passed, 1 when any failed and 2 when the request itself is unusable.
// Only the standard library and x/mod are used, so it builds offline in GOPATH mode:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode GOPROXY=off go build -o checker .
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type request struct {
	Vkey        string        `json:"vkey"`
	Checkpoints []string      `json:"checkpoints"`
	Entries     []string      `json:"entries"`
	Inclusion   []inclusion   `json:"inclusion"`
	Consistency []consistency `json:"consistency"`
	TlogProofs  []tlogProof   `json:"tlogProofs"`
}

type inclusion struct {
	Checkpoint int      `json:"checkpoint"`
	Index      int64    `json:"index"`
	Entry      string   `json:"entry"`
	Proof      []string `json:"proof"`
}

type consistency struct {
	Old   int      `json:"old"`
	New   int      `json:"new"`
	Proof []string `json:"proof"`
}

type tlogProof struct {
	Proof string `json:"proof"`
	Entry string `json:"entry"`
}

type report struct {
	OK      bool           `json:"ok"`
	Checked map[string]int `json:"checked"`
	Errors  []string       `json:"errors"`
}

type checkpoint struct {
	origin string
	tree   tlog.Tree
}

func main() {
	var req request
	if err := json.NewDecoder(os.Stdin).Decode(&req); err != nil {
		fatal("bad request: %v", err)
	}
	verifier, err := note.NewVerifier(req.Vkey)
	if err != nil {
		fatal("bad vkey: %v", err)
	}
	rep := report{Checked: map[string]int{}, Errors: []string{}}
	fail := func(format string, args ...any) { rep.Errors = append(rep.Errors, fmt.Sprintf(format, args...)) }

	checkpoints := make([]*checkpoint, len(req.Checkpoints))
	for i, text := range req.Checkpoints {
		cp, err := openCheckpoint([]byte(text), verifier)
		if err != nil {
			fail("checkpoint %d: %v", i, err)
			continue
		}
		checkpoints[i] = cp
		rep.Checked["checkpoints"]++
	}

	if req.Entries != nil {
		checkEntries(req.Entries, checkpoints, fail)
		rep.Checked["entries"] = len(req.Entries)
	}

	for i, inc := range req.Inclusion {
		cp := pick(checkpoints, inc.Checkpoint)
		entry, err1 := base64.StdEncoding.DecodeString(inc.Entry)
		proof, err2 := decodeHashes(inc.Proof)
		switch {
		case cp == nil:
			fail("inclusion %d: no verified checkpoint %d", i, inc.Checkpoint)
		case err1 != nil || err2 != nil:
			fail("inclusion %d: bad encoding", i)
		default:
			if err := tlog.CheckRecord(tlog.RecordProof(proof), cp.tree.N, cp.tree.Hash, inc.Index, tlog.RecordHash(entry)); err != nil {
				fail("inclusion %d (index %d, size %d): %v", i, inc.Index, cp.tree.N, err)
			} else {
				rep.Checked["inclusion"]++
			}
		}
	}

	for i, c := range req.Consistency {
		older, newer := pick(checkpoints, c.Old), pick(checkpoints, c.New)
		proof, err := decodeHashes(c.Proof)
		switch {
		case older == nil || newer == nil:
			fail("consistency %d: missing verified checkpoint", i)
		case err != nil:
			fail("consistency %d: bad encoding", i)
		default:
			if err := tlog.CheckTree(tlog.TreeProof(proof), newer.tree.N, newer.tree.Hash, older.tree.N, older.tree.Hash); err != nil {
				fail("consistency %d (%d -> %d): %v", i, older.tree.N, newer.tree.N, err)
			} else {
				rep.Checked["consistency"]++
			}
		}
	}

	for i, p := range req.TlogProofs {
		entry, err := base64.StdEncoding.DecodeString(p.Entry)
		if err == nil {
			err = checkTlogProof([]byte(p.Proof), entry, verifier)
		}
		if err != nil {
			fail("tlog-proof %d: %v", i, err)
		} else {
			rep.Checked["tlogProofs"]++
		}
	}

	rep.OK = len(rep.Errors) == 0
	out, _ := json.Marshal(rep)
	os.Stdout.Write(append(out, '\n'))
	if !rep.OK {
		os.Exit(1)
	}
}

// openCheckpoint verifies the signed note, then parses the c2sp.org/tlog-checkpoint body.
// tlog.ParseTree only knows the go.sum origin, so the three lines are parsed here.
func openCheckpoint(msg []byte, verifier note.Verifier) (*checkpoint, error) {
	n, err := note.Open(msg, note.VerifierList(verifier))
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimSuffix(n.Text, "\n"), "\n")
	if len(lines) < 3 || lines[0] == "" {
		return nil, fmt.Errorf("malformed checkpoint body")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		return nil, fmt.Errorf("malformed checkpoint size %q", lines[1])
	}
	root, err := tlog.ParseHash(lines[2])
	if err != nil {
		return nil, fmt.Errorf("malformed checkpoint root: %v", err)
	}
	if lines[0] != verifier.Name() {
		return nil, fmt.Errorf("origin %q is not the key name %q", lines[0], verifier.Name())
	}
	return &checkpoint{origin: lines[0], tree: tlog.Tree{N: size, Hash: root}}, nil
}

// checkEntries rebuilds the tree from the raw entries with tlog's stored-hash layout and checks
// every checkpoint's root against it.
func checkEntries(entries []string, checkpoints []*checkpoint, fail func(string, ...any)) {
	var stored []tlog.Hash
	reader := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		for i, x := range indexes {
			out[i] = stored[x]
		}
		return out, nil
	})
	for i, text := range entries {
		entry, err := base64.StdEncoding.DecodeString(text)
		if err != nil {
			fail("entry %d: bad base64", i)
			return
		}
		hashes, err := tlog.StoredHashes(int64(i), entry, reader)
		if err != nil {
			fail("entry %d: %v", i, err)
			return
		}
		stored = append(stored, hashes...)
	}
	for i, cp := range checkpoints {
		if cp == nil || cp.tree.N > int64(len(entries)) {
			continue
		}
		root, err := tlog.TreeHash(cp.tree.N, reader)
		if err != nil || root != cp.tree.Hash {
			fail("checkpoint %d: root does not match the entries", i)
		}
	}
}

// checkTlogProof parses a c2sp.org/tlog-proof@v1 file and checks it with note.Open and
// tlog.CheckRecord.
func checkTlogProof(text, entry []byte, verifier note.Verifier) error {
	split := bytes.Index(text, []byte("\n\n"))
	if split < 0 {
		return fmt.Errorf("no blank line")
	}
	lines := strings.Split(string(text[:split]), "\n")
	if lines[0] != "c2sp.org/tlog-proof@v1" {
		return fmt.Errorf("bad header %q", lines[0])
	}
	lines = lines[1:]
	if len(lines) > 0 && strings.HasPrefix(lines[0], "extra ") {
		lines = lines[1:]
	}
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "index ") {
		return fmt.Errorf("no index line")
	}
	index, err := strconv.ParseInt(strings.TrimPrefix(lines[0], "index "), 10, 64)
	if err != nil || index < 0 || "index "+strconv.FormatInt(index, 10) != lines[0] {
		return fmt.Errorf("bad index line %q", lines[0])
	}
	proof, err := decodeHashes(lines[1:])
	if err != nil {
		return err
	}
	cp, err := openCheckpoint(text[split+2:], verifier)
	if err != nil {
		return err
	}
	return tlog.CheckRecord(tlog.RecordProof(proof), cp.tree.N, cp.tree.Hash, index, tlog.RecordHash(entry))
}

func decodeHashes(list []string) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(list))
	for i, text := range list {
		h, err := tlog.ParseHash(text)
		if err != nil {
			return nil, err
		}
		out[i] = h
	}
	return out, nil
}

func pick(checkpoints []*checkpoint, i int) *checkpoint {
	if i < 0 || i >= len(checkpoints) {
		return nil
	}
	return checkpoints[i]
}

func fatal(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(2)
}
