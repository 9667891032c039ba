package hsds

import (
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/haven-project/haven/mapping"
)

const (
	// ProfileURI names Haven's HSDS profile, docs/hsds-profile.md: the
	// taxonomies, attributes and redaction rules Haven's exports follow.
	ProfileURI = "https://github.com/haven-project/haven/blob/main/docs/hsds-profile.md"
	// HSDSVersion is the HSDS version Haven's API and exports conform to
	// (with the 3.1 capacity, unit and url objects, as the profile says).
	HSDSVersion = "3.0"
	// openAPIURL describes the HSDS API; Haven's additions are in the profile.
	openAPIURL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
)

// namespace derives Haven's HSDS ids (UUID version 5), so that the same
// record always gets the same id.
var namespace = uuid.MustParse("2d446e6a-bc87-46f7-adb8-09c162ba75d6")

func derivedID(parts ...string) string {
	return uuid.NewSHA1(namespace, []byte(strings.Join(parts, "\x1f"))).String()
}

// isUUID reports whether s is a UUID in canonical, lower-case form.
func isUUID(s string) bool {
	u, err := uuid.Parse(s)
	return err == nil && u.String() == s
}

// hsdsID is a Haven ID as an HSDS id: itself when it is a UUID, otherwise a
// UUID derived from it, stable across exports.
func hsdsID(kind, id string) string {
	if isUUID(id) {
		return id
	}
	return derivedID(kind, id)
}

// Haven's taxonomies (profile §3).
const (
	taxServices     = "haven-services"
	taxEligibility  = "haven-eligibility"
	taxTier         = "haven-tier"
	taxOrgType      = "haven-org-type"
	taxAccess       = "haven-access"
	taxCost         = "haven-cost"
	taxChannel      = "haven-channel"
	taxVerification = "haven-verification"
	taxRegion       = "haven-admin-region"
	taxCountry      = "haven-country"
)

// Attribute link types (profile §3).
const (
	linkServiceType     = "service_type"
	linkEligibility     = "eligibility"
	linkConfidentiality = "confidentiality"
	linkOrgType         = "org_type"
	linkAccess          = "access"
	linkCost            = "cost"
	linkChannel         = "channel"
	linkVerification    = "verification"
	linkRegion          = "admin_region"
	linkCountry         = "country"
)

func taxonomyID(name string) string       { return derivedID("taxonomy", name) }
func termID(taxonomy, code string) string { return derivedID("taxonomy_term", taxonomy, code) }

// vocabTerm is a term of one of Haven's fixed taxonomies.
type vocabTerm struct{ code, parent, name string }

// vocabulary is one of Haven's taxonomies. The terms of haven-services come
// from the stored service taxonomy; those of regions and countries from the data.
type vocabulary struct {
	name, description string
	terms             []vocabTerm
}

// labels name the values of Haven's vocabularies; a test checks that every
// value of the mapping package's vocabularies has one.
var labels = map[string]string{
	"female": "Female", "male": "Male", "lgbtqi_welcome": "LGBTQI+ people explicitly welcome",
	"national": "Nationals", "foreign_national": "Foreign nationals", "stateless_undocumented": "Stateless or undocumented people",
	"sexual_exploitation": "Sexual exploitation", "forced_labour": "Forced labour", "forced_marriage": "Forced marriage",
	"domestic_servitude": "Domestic servitude", "fishing_maritime": "Fishing and maritime labour",
	"forced_criminality": "Forced criminality (including online scam compounds)", "organ_removal": "Organ removal",
	"none": "No victim status required", "presumed": "Presumed victims", "identified": "Formally identified victims only",
	"public": "Public: address and exact point shown", "region_only": "Region only: only the admin region is shown",
	"hidden":     "Hidden: shown only to users cleared for confidential data",
	"government": "Government", "ngo": "Non-governmental organization", "international": "International organization",
	"faith_based": "Faith-based organization", "private": "Private", "community": "Community-based organization",
	"walk_in": "Walk-in", "referral_required": "Referral required", "interpretation": "Interpretation available",
	"who_can_refer": "Who can refer (in the value)", "response_time": "Response time (in the value)",
	"free": "Free", "fee": "Fee", "conditions": "Cost depends on conditions",
	"phone": "Phone", "hotline": "Hotline", "whatsapp": "WhatsApp", "line": "LINE", "viber": "Viber", "facebook": "Facebook",
	"telegram": "Telegram", "email": "E-mail", "website": "Website", "other": "Other channel", "hours": "Hours (in the value)",
	"unverified": "Not verified", "verified": "Verified", "needs_update": "Needs an update",
	"gender": "Gender", "legal_status": "Nationality or legal status", "trafficking_form": "Form of trafficking",
	"victim_status": "Victim status required",
}

func label(code string) string {
	if l, ok := labels[code]; ok {
		return l
	}
	return code
}

func termsOf(values []string, extra ...string) []vocabTerm {
	var out []vocabTerm
	for _, v := range slices.Concat(values, extra) {
		out = append(out, vocabTerm{code: v, name: label(v)})
	}
	return out
}

// eligibilityTerms are dotted under one parent per dimension: gender.female.
func eligibilityTerms() []vocabTerm {
	var out []vocabTerm
	for _, dim := range []struct {
		parent string
		values []string
	}{
		{"gender", append(append([]string{}, mapping.Genders...), "lgbtqi_welcome")},
		{"legal_status", mapping.LegalStatuses},
		{"trafficking_form", mapping.TraffickingForms},
		{"victim_status", mapping.VictimStatuses},
	} {
		out = append(out, vocabTerm{code: dim.parent, name: label(dim.parent)})
		for _, v := range dim.values {
			out = append(out, vocabTerm{code: dim.parent + "." + v, parent: dim.parent, name: label(v)})
		}
	}
	return out
}

func tierValues() []string {
	out := make([]string, len(mapping.Tiers))
	for i, t := range mapping.Tiers {
		out[i] = string(t)
	}
	return out
}

var vocabularies = []vocabulary{
	{taxServices, "Haven's service taxonomy: the kinds of help a provider offers (service_type attributes of services).", nil},
	{taxEligibility, "Who a service is for: gender, nationality or legal status, form of trafficking and the victim status required (eligibility attributes of services).", eligibilityTerms()},
	{taxTier, "Confidentiality tier of a location or contact channel (confidentiality attributes).", termsOf(tierValues())},
	{taxOrgType, "Kind of organization (org_type attribute of organizations).", termsOf(mapping.OrgTypes)},
	{taxAccess, "How a person gets to a service (access attributes of services; who_can_refer and response_time carry text in value).", termsOf([]string{"walk_in", "referral_required", "interpretation", "who_can_refer", "response_time"})},
	{taxCost, "What a service costs (cost attribute of services; details in fees_description).", termsOf(mapping.CostKinds)},
	{taxChannel, "Kind of contact channel of a phone, contact or url; hours carries the hours in value (channel attributes).", termsOf(mapping.ChannelKinds, "hours")},
	{taxVerification, "Whether an organization's entry was verified (verification attribute of organizations).", termsOf(mapping.VerificationStates)},
	{taxRegion, "Administrative regions a location lies in, from Haven's boundary sets; value holds the region code (admin_region attributes of locations).", nil},
	{taxCountry, "ISO 3166-1 alpha-2 country of an organization; value holds the code (country attribute of organizations).", nil},
}

func vocabularyNamed(name string) (vocabulary, bool) {
	for _, v := range vocabularies {
		if v.name == name {
			return v, true
		}
	}
	return vocabulary{}, false
}

// languageNames and languageCodes index languageTable.
var languageNames, languageCodes = func() (map[string]string, map[string]string) {
	names := map[string]string{} // Haven code → English name
	codes := map[string]string{} // any code or lower-case name → Haven code
	for _, line := range strings.Split(languageTable, "\n") {
		parts := strings.SplitN(line, "|", 4)
		if len(parts) != 4 {
			continue
		}
		code := parts[0]
		if code == "" {
			code = parts[1]
		}
		allNames := strings.Split(parts[3], ";")
		names[code] = strings.TrimSpace(allNames[0])
		for _, c := range parts[:3] {
			if c != "" {
				codes[c] = code
			}
		}
		for _, n := range allNames {
			if n = strings.ToLower(strings.TrimSpace(n)); n != "" {
				if _, taken := codes[n]; !taken {
					codes[n] = code
				}
			}
		}
	}
	return names, codes
}()
