package feedback

import "testing"

func TestMask(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text stays", "The hotline card was easy to read.", "The hotline card was easy to read."},
		{"e-mail", "write to somchai.j@example.com please", "write to [e-mail removed] please"},
		{"thai phone", "call 081-234-5678 now", "call [phone removed] now"},
		{"international phone", "my number +95 9 4500 12345.", "my number [phone removed]."},
		{"thai digits", "โทร ๐๘๑๒๓๔๕๖๗๘", "โทร [phone removed]"},
		{"burmese digits", "ဖုန်း ၀၉၄၅၀၀၁၂၃၄၅", "ဖုန်း [phone removed]"},
		{"short numbers stay", "I waited 45 minutes in 2024, aged 16", "I waited 45 minutes in 2024, aged 16"},
		{"english name", "My name is Somchai Jaidee and I liked it", "My name is [name removed] and I liked it"},
		{"first name only", "I'm Mya, thanks", "I'm [name removed], thanks"},
		{"lower case after cue stays", "I am tired of calling", "I am tired of calling"},
		{"honorific", "ask Khun Noi at the desk", "ask Khun [name removed] at the desk"},
		{"burmese honorific in latin", "Daw Aye Aye helped me", "Daw [name removed] helped me"},
		{"thai name", "ผมชื่อสมชาย ใจดี ครับ", "ผมชื่อ[name removed] ครับ"},
		{"burmese name", "ကျွန်မနာမည် မြမြ ပါ", "ကျွန်မနာမည် [name removed]"},
		{"everything", "I am Nok, nok@mail.example, 0812345678", "I am [name removed], [e-mail removed], [phone removed]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Mask(tt.in); got != tt.want {
				t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
