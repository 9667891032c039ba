package feedback

import (
	"regexp"
	"strings"
	"unicode"
)

// What free text is masked with, in place of what was found.
const (
	maskedEmail = "[e-mail removed]"
	maskedPhone = "[phone removed]"
	maskedName  = "[name removed]"
)

var (
	emailPattern = regexp.MustCompile(`[^\s@<>()\[\],;:"]+@[^\s@<>()\[\],;:"]+\.[^\s@<>()\[\],;:"]+`)
	// A run of digits (any script: Thai and Burmese digits too) with the
	// separators people put in phone numbers; masked when it holds at
	// least 7 digits, so years, ages and counts stay.
	phonePattern = regexp.MustCompile(`\+?[\p{Nd}][\p{Nd} ().\-/]{4,}[\p{Nd}]`)
	// Cues after which people write a name, in the languages of the tests:
	// "my name is", "I am", "call me", honorifics (Mr, Khun, U, Daw…). The
	// one or two words after a cue are masked. A name written without a
	// cue cannot be told from other words; participants are asked not to
	// write names, and free text is shown only to readers with the raw
	// data grant.
	nameCuePattern = regexp.MustCompile(`(?i)(\b(?:my name is|my name's|name is|i am|i'm|call me|mr\.?|mrs\.?|ms\.?|miss|dr\.?|khun|nong|daw|u|ko|ma|maung|naw|saw)\s+)` +
		`|(ผมชื่อ|ฉันชื่อ|ดิฉันชื่อ|หนูชื่อ|ชื่อ|นางสาว|นาย|นาง)\s*` +
		`|(ကျွန်တော့်နာမည်|ကျွန်မနာမည်|နာမည်|အမည်|ဦး|ဒေါ်)\s*`)
)

// Mask removes what could identify a person from free text: e-mail
// addresses, phone numbers, and names that follow a naming cue.
func Mask(s string) string {
	s = emailPattern.ReplaceAllString(s, maskedEmail)
	s = phonePattern.ReplaceAllStringFunc(s, func(m string) string {
		digits := 0
		for _, r := range m {
			if unicode.IsDigit(r) {
				digits++
			}
		}
		if digits < 7 {
			return m
		}
		return maskedPhone
	})
	return maskNames(s)
}

// maskNames masks the words that follow a naming cue: one word, and a
// second when it starts with a capital (Somchai Jaidee) or the script has
// no capitals (Thai and Burmese names run on without a space).
func maskNames(s string) string {
	var b strings.Builder
	for {
		loc := nameCuePattern.FindStringIndex(s)
		if loc == nil {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:loc[1]])
		rest := s[loc[1]:]
		n := nameLength(rest, strings.TrimSpace(s[loc[0]:loc[1]]))
		if n > 0 {
			b.WriteString(maskedName)
		}
		s = rest[n:]
	}
}

// nameLength is how many bytes of rest, which follows cue, are a name.
func nameLength(rest, cue string) int {
	first := wordEnd(rest)
	if first == 0 {
		return 0
	}
	r := []rune(rest[:first])[0]
	latin := cue != "" && cue[0] < 0x80
	// After an English cue a name starts with a capital, so "I am tired"
	// stays; honorifics such as u, ma and ko are common words too.
	if latin && !unicode.IsUpper(r) {
		return 0
	}
	end := first
	after := rest[first:]
	trimmed := strings.TrimLeft(after, " ")
	if len(trimmed) == len(after) || trimmed == "" {
		return end
	}
	next := wordEnd(trimmed)
	if next == 0 {
		return end
	}
	// The family name too: capitalised in Latin script; in Thai and
	// Burmese, which have no capitals, the next word is taken anyway.
	if !latin || unicode.IsUpper([]rune(trimmed[:next])[0]) {
		end = first + (len(after) - len(trimmed)) + next
	}
	return end
}

// wordEnd is the length of the word s starts with: letters, marks and
// digits (Thai and Burmese words carry marks).
func wordEnd(s string) int {
	for i, r := range s {
		if !(unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) || r == '\'' || r == '-') {
			return i
		}
	}
	return len(s)
}
