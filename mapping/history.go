package mapping

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Change is one field of a provider changed at one time.
type Change struct {
	Version    int       `json:"version"`
	At         time.Time `json:"at"`
	ActorEmail string    `json:"actor_email"`
	Field      string    `json:"field"` // a path such as services[<id>].capacity.available
	Old        string    `json:"old"`
	New        string    `json:"new"`
}

// fieldsNotTracked change with every write and say nothing themselves.
var fieldsNotTracked = map[string]bool{"version": true, "updated_at": true, "created_at": true}

// derivedFields are computed by Haven, not edited: a location's regions
// follow its point (and the boundaries), so their changes are not history.
var derivedFields = map[string]bool{"regions": true, "redacted": true}

// diff lists the fields that differ between two versions of a provider, by
// path. Lists of objects with an id are keyed by id, so reordering services
// is no change and editing one names it.
func diff(before, after Provider) ([]Change, error) {
	a, err := flatten(before)
	if err != nil {
		return nil, err
	}
	b, err := flatten(after)
	if err != nil {
		return nil, err
	}
	var out []Change
	for path, old := range a {
		if nv, ok := b[path]; !ok || nv != old {
			out = append(out, Change{Field: path, Old: old, New: b[path]})
		}
	}
	for path, nv := range b {
		if _, ok := a[path]; !ok {
			out = append(out, Change{Field: path, New: nv})
		}
	}
	slices.SortFunc(out, func(x, y Change) int { return strings.Compare(x.Field, y.Field) })
	return out, nil
}

func flatten(p Provider) (map[string]string, error) {
	raw, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, err
	}
	out := map[string]string{}
	flattenValue("", v, out)
	for f := range fieldsNotTracked {
		delete(out, f)
	}
	return out, nil
}

func flattenValue(path string, v any, out map[string]string) {
	switch t := v.(type) {
	case map[string]any:
		for k, child := range t {
			if derivedFields[k] {
				continue
			}
			flattenValue(join(path, k), child, out)
		}
	case []any:
		if len(t) == 0 {
			return
		}
		if _, isObject := t[0].(map[string]any); !isObject {
			parts := make([]string, len(t))
			for i, e := range t {
				parts[i] = scalar(e)
			}
			out[path] = strings.Join(parts, ", ")
			return
		}
		for i, e := range t {
			key := strconv.Itoa(i)
			if m, ok := e.(map[string]any); ok {
				if id, ok := m["id"].(string); ok && id != "" {
					key = id
				}
			}
			flattenValue(fmt.Sprintf("%s[%s]", path, key), e, out)
		}
	case nil:
	default:
		out[path] = scalar(t)
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func scalar(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(t)
	case nil:
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// redactChange says what a viewer without the confidential right may see of
// one change: nothing of a location, channel or service that Redact
// withholds (not even that it exists); of public locations and channels no
// values but the tier, since an old value may date from when the place was
// confidential; and no hidden location in a service's list of places.
func redactChange(p Provider, c Change) (Change, bool) {
	public, _, _ := Redact(p, Viewer{})
	for _, prefix := range []string{"locations[", "channels[", "services["} {
		if !strings.HasPrefix(c.Field, prefix) {
			continue
		}
		id, _, _ := strings.Cut(strings.TrimPrefix(c.Field, prefix), "]")
		if !holds(public, id) {
			return Change{}, false
		}
		switch {
		case prefix == "services[" && strings.HasSuffix(c.Field, ".location_ids"):
			c.Old, c.New = onlyVisible(public, c.Old), onlyVisible(public, c.New)
		case prefix != "services[" && !strings.HasSuffix(c.Field, ".tier"):
			c.Old, c.New = withheld(c.Old), withheld(c.New)
		}
	}
	return c, true
}

// holds reports whether the (redacted) provider still has an item with id.
func holds(p Provider, id string) bool {
	return slices.ContainsFunc(p.Locations, func(l Location) bool { return l.ID == id && l.Tier == TierPublic }) ||
		slices.ContainsFunc(p.Channels, func(c Channel) bool { return c.ID == id }) ||
		slices.ContainsFunc(p.Services, func(s Service) bool { return s.ID == id })
}

// onlyVisible keeps, of a comma-separated list of location IDs, those the
// redacted provider shows.
func onlyVisible(p Provider, list string) string {
	var keep []string
	for _, id := range strings.Split(list, ", ") {
		if slices.ContainsFunc(p.Locations, func(l Location) bool { return l.ID == id }) {
			keep = append(keep, id)
		}
	}
	return strings.Join(keep, ", ")
}

func withheld(v string) string {
	if v == "" {
		return ""
	}
	return "(withheld)"
}
