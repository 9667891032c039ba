package hsds

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/haven-project/haven"
)

// Limits bound what an import reads, so that a huge file or a zip bomb is
// refused before it fills memory.
type Limits struct {
	MaxBytes int64 // all files together, uncompressed
	MaxFiles int
}

// DefaultLimits are generous for a directory export: 200 MiB, 100 files.
var DefaultLimits = Limits{MaxBytes: 200 << 20, MaxFiles: 100}

// input is the files of one import, by base name.
type input struct {
	files map[string][]byte
	read  int64
	lim   Limits
}

func newInput(lim Limits) *input {
	if lim.MaxBytes <= 0 {
		lim.MaxBytes = DefaultLimits.MaxBytes
	}
	if lim.MaxFiles <= 0 {
		lim.MaxFiles = DefaultLimits.MaxFiles
	}
	return &input{files: map[string][]byte{}, lim: lim}
}

// names returns the file names, sorted.
func (in *input) names() []string {
	out := make([]string, 0, len(in.files))
	for n := range in.files {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

func tooLarge(lim Limits) error {
	return haven.Errorf(haven.KindTooLarge, "the import is larger than %d MiB uncompressed; nothing was written", lim.MaxBytes>>20)
}

// take reads r into a file of the input, within the limits.
func (in *input) take(name string, r io.Reader) error {
	if _, dup := in.files[name]; dup {
		return haven.Errorf(haven.KindInvalid, "two files are named %s; give one datapackage at a time", name)
	}
	if len(in.files) >= in.lim.MaxFiles {
		return haven.Errorf(haven.KindInvalid, "the import holds more than %d files", in.lim.MaxFiles)
	}
	left := in.lim.MaxBytes - in.read
	b, err := io.ReadAll(io.LimitReader(r, left+1))
	if err != nil {
		return haven.Errorf(haven.KindInvalid, "%s cannot be read: %v", name, err)
	}
	if int64(len(b)) > left {
		return tooLarge(in.lim)
	}
	in.read += int64(len(b))
	in.files[name] = b
	return nil
}

// wanted reports whether a file of a folder or archive is part of the data.
func wanted(name string) bool {
	base := filepath.Base(name)
	ext := strings.ToLower(filepath.Ext(base))
	return !strings.HasPrefix(base, ".") && !strings.Contains(name, "__MACOSX") && (ext == ".csv" || ext == ".json")
}

// readPath reads a folder (its .csv and .json files, not sub-folders), a
// zip archive or a single JSON file.
func readPath(path string, lim Limits) (*input, error) {
	in := newInput(lim)
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return readUpload(filepath.Base(path), f, lim)
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if e.IsDir() || !wanted(e.Name()) {
			continue
		}
		f, err := os.Open(filepath.Join(path, e.Name()))
		if err != nil {
			return nil, err
		}
		err = in.take(e.Name(), f)
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	if len(in.files) == 0 {
		return nil, haven.Errorf(haven.KindInvalid, "%s holds no .csv or .json file", path)
	}
	return in, nil
}

// readUpload reads one file: a zip archive, or a JSON document.
func readUpload(name string, r io.Reader, lim Limits) (*input, error) {
	in := newInput(lim)
	if err := in.take(name, r); err != nil {
		return nil, err
	}
	body := in.files[name]
	if !bytes.HasPrefix(body, []byte("PK\x03\x04")) {
		if strings.EqualFold(filepath.Ext(name), ".csv") {
			return nil, haven.Errorf(haven.KindInvalid, "%s is a single CSV file; give the folder or a zip of the whole datapackage", name)
		}
		return in, nil
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		return nil, haven.Errorf(haven.KindInvalid, "%s is not a readable zip archive", name)
	}
	out := newInput(lim)
	var declared uint64
	for _, f := range zr.File {
		if f.FileInfo().IsDir() || !wanted(f.Name) {
			continue
		}
		declared += f.UncompressedSize64
		if declared > uint64(out.lim.MaxBytes) {
			return nil, tooLarge(out.lim)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, haven.Errorf(haven.KindInvalid, "%s in %s cannot be read: %v", f.Name, name, err)
		}
		err = out.take(filepath.Base(f.Name), rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
	}
	if len(out.files) == 0 {
		return nil, haven.Errorf(haven.KindInvalid, "%s holds no .csv or .json file", name)
	}
	return out, nil
}
