package normalize

import (
	"fmt"
	"strings"
	"testing"
)

func TestEmail(t *testing.T) {
	for in, want := range map[string]string{
		" Jane.Doe@ACME.example ": "jane.doe@acme.example",
		"sam@demo.example":        "sam@demo.example",
	} {
		if got := Email(in); got != want {
			t.Errorf("Email(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"  Acme   Corporation ": "acme corporation",
		"Acme\tCorp\nEU":        "acme corp eu",
		"":                      "",
	} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWebsite(t *testing.T) {
	same := []string{"acme.example", "https://acme.example", "http://www.acme.example/", "HTTPS://WWW.Acme.Example",
		"https://acme.example/?utm=x#top", "https://acme.example:443/"}
	for _, s := range same {
		if got := Website(s); got != "acme.example" {
			t.Errorf("Website(%q) = %q, want acme.example", s, got)
		}
	}
	if Website("https://acme.example/eu/") != "acme.example/eu" {
		t.Errorf("a path is kept (without its trailing slash): %q", Website("https://acme.example/eu/"))
	}
	for _, pair := range [][2]string{
		{"acme.example", "acme.example/eu"},
		{"acme.example", "acme.test"},
		{"shop.acme.example", "acme.example"},
		{"acme.example:8080", "acme.example"},
	} {
		if Website(pair[0]) == Website(pair[1]) {
			t.Errorf("Website(%q) and Website(%q) must differ, both %q", pair[0], pair[1], Website(pair[0]))
		}
	}
}

func TestPhone(t *testing.T) {
	for _, c := range []struct{ in, region, want string }{
		{"+1 555 0100", "", "+15550100"},
		{"+1 (415) 555-0100", "", "+14155550100"},
		{"(415) 555-0100", "US", "+14155550100"},
		{"020 7946 0018", "gb", "+442079460018"},
	} {
		got, err := Phone(c.in, c.region)
		if err != nil || got != c.want {
			t.Errorf("Phone(%q, %q) = %q, %v; want %q", c.in, c.region, got, err, c.want)
		}
	}
	for _, c := range [][2]string{{"call me", "US"}, {"", "US"}, {"415 555 0100", ""}, {"12", "US"}} {
		if got, err := Phone(c[0], c[1]); err == nil {
			t.Errorf("Phone(%q, %q) = %q, want an error", c[0], c[1], got)
		} else if !strings.Contains(err.Error(), fmt.Sprintf("%q", c[0])) {
			t.Errorf("the error %q does not name the input %q", err, c[0])
		}
	}
}

func TestPhoneKey(t *testing.T) {
	if PhoneKey("+1 555 0100", "") != PhoneKey("+15550100", "") {
		t.Error("a reformatted number must compare equal")
	}
	if PhoneKey("+1 555 0100", "") == PhoneKey("+1 555 0101", "") {
		t.Error("a changed number must differ")
	}
	if PhoneKey("(415) 555-0100", "US") != PhoneKey("+14155550100", "") {
		t.Error("a national number read in its region must equal its E.164 form")
	}
	if got := PhoneKey("  ext. 12 ", ""); got != "ext. 12" {
		t.Errorf("an unreadable number compares as trimmed text, got %q", got)
	}
}

func TestRecordKey(t *testing.T) {
	if RecordKey(" Jane@ACME.example ", "Jane  Doe") != "jane@acme.example|jane doe" {
		t.Errorf("got %q", RecordKey(" Jane@ACME.example ", "Jane  Doe"))
	}
	if RecordKey("a|b") == RecordKey("a", "b") {
		t.Error("a separator inside a value must not make two keys equal")
	}
	if RecordKey(`a\`, "b") == RecordKey("a", `\b`) {
		t.Error("an escape character inside a value must not make two keys equal")
	}
}

func TestIsEmailAndIsWebAddress(t *testing.T) {
	for s, want := range map[string]bool{
		"a@b.example": true, " Sam@Acme.example ": true, "a@localhost": true,
		"not-an-email": false, "@b.example": false, "a@": false, "a@b@c": false, "a b@c.example": false, "a@.example": false,
	} {
		if got := IsEmail(s); got != want {
			t.Errorf("IsEmail(%q) = %t, want %t", s, got, want)
		}
	}
	for s, want := range map[string]bool{
		"https://acme.example/blog": true, "acme.example": true, "http://localhost:8080": true, " acme.example/x ": true,
		"not a url": false, "https://": false, "http://:80": false, "https://acme.example/a b": false, "": false,
	} {
		if got := IsWebAddress(s); got != want {
			t.Errorf("IsWebAddress(%q) = %t, want %t", s, got, want)
		}
	}
}

func TestSamePhone(t *testing.T) {
	for _, c := range [][3]string{
		{"+1 555 0100", "+15550100", ""},
		{"+1 (415) 555-0100", "(415) 555-0100", ""},
		{"415.555.0100", "+14155550100", ""},
		{"020 7946 0018", "+44 20 7946 0018", ""},
		{"(415) 555-0100", "415-555-0100", "US"},
	} {
		if !SamePhone(c[0], c[1], c[2]) {
			t.Errorf("SamePhone(%q, %q, %q) = false, want true", c[0], c[1], c[2])
		}
	}
	for _, c := range [][3]string{
		{"+1 555 0100", "+1 555 0101", ""},
		{"+1 415 555 0100", "+44 415 555 0100", ""},
		{"(415) 555-0100", "(415) 555-0101", "US"},
		{"ext 1", "ext 2", ""},
	} {
		if SamePhone(c[0], c[1], c[2]) {
			t.Errorf("SamePhone(%q, %q, %q) = true, want false", c[0], c[1], c[2])
		}
	}
}

// A region reads national numbers that carry no country code on either side: two national
// spellings are one number in it, and without it they compare as text.
func TestSamePhone_region(t *testing.T) {
	for _, c := range [][3]string{
		{"(555) 010-0100", "5550100100", "US"},
		{"(555) 010-0100", "+1 555 010 0100", "US"},
		{"020 7946 0000", "02079460000", "GB"},
		{"020 7946 0000", "+442079460000", "gb"},
	} {
		if !SamePhone(c[0], c[1], c[2]) {
			t.Errorf("SamePhone(%q, %q, %q) = false, want true", c[0], c[1], c[2])
		}
	}
	for _, c := range [][3]string{
		{"(555) 010-0100", "5550100100", ""},         // no region: compared as text
		{"(555) 010-0100", "5550100101", "US"},       // another number
		{"020 7946 0000", "02079460000", "US"},       // not a US number: compared as text
		{"(555) 010-0100", "+44 555 010 0100", "US"}, // the same digits in another country
	} {
		if SamePhone(c[0], c[1], c[2]) {
			t.Errorf("SamePhone(%q, %q, %q) = true, want false", c[0], c[1], c[2])
		}
	}
}

func TestIsRegion(t *testing.T) {
	for s, want := range map[string]bool{"US": true, "GB": true, "de": true, " FR ": true,
		"": false, "UK": false, "USA": false, "XX": false, "001": false, "1": false} {
		if got := IsRegion(s); got != want {
			t.Errorf("IsRegion(%q) = %t, want %t", s, got, want)
		}
	}
	if _, err := Phone("555 0100", "XX"); err == nil || !strings.Contains(err.Error(), `"XX"`) {
		t.Errorf("a national number in an unknown region must fail naming the region, got %v", err)
	}
}
