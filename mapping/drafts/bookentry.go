package drafts

import (
	"fmt"
	"slices"
	"strings"

	"github.com/haven-project/haven/mapping"
)

// entry lays out p at one area.
func (b *bookBuilder) entry(p *mapping.Provider, area string, areaNames map[string]string) Entry {
	l := b.l
	e := Entry{Anchor: "e-" + p.ID + "-" + strings.TrimPrefix(area, "_"), ID: p.ID, Name: b.name(p),
		Closed: p.Status == "temporarily closed", Categories: b.categories(p), Region: area}
	if area != areaNone && area != areaOther {
		e.Area = areaNames[area]
	}
	if t, ok := p.Translations[b.lang]; ok && t.Description != "" {
		e.Description = t.Description
	} else {
		e.Description = p.Description
	}
	here := map[string]bool{} // locations at this area
	for _, loc := range p.Locations {
		key := areaOther
		if r, ok := regionAt(loc, b.v.Settings.Grouping); ok {
			key = r.Code
		}
		if key != area {
			continue
		}
		here[loc.ID] = true
		switch {
		case loc.Redacted:
			e.PlaceWithheld = true
		case loc.Address != nil:
			if a := addressText(loc.Address); a != "" && !slices.Contains(e.Addresses, a) {
				e.Addresses = append(e.Addresses, a)
			}
		}
		if loc.Accessibility != "" {
			e.Accessibility = append(e.Accessibility, loc.Accessibility)
		}
	}
	for _, c := range p.Channels {
		if c.LocationID != "" && !here[c.LocationID] && len(here) > 0 {
			continue // the number of a place elsewhere
		}
		label := l.Channels[c.Kind]
		if label == "" {
			label = c.Kind
		}
		if c.Label != "" {
			label += " — " + c.Label
		}
		e.Contacts = append(e.Contacts, Line{Label: label, Value: c.Value, Hours: c.Hours, Href: channelHref(c)})
	}
	for i := range p.Services {
		sv := &p.Services[i]
		if len(sv.LocationIDs) > 0 && len(here) > 0 && !slices.ContainsFunc(sv.LocationIDs, func(id string) bool { return here[id] }) {
			continue // offered at another place of this provider
		}
		e.Services = append(e.Services, b.service(sv))
	}
	if p.Verification.Status == "verified" && p.Verification.VerifiedAt != nil {
		e.Checked = l.LastChecked + ": " + formatDate(*p.Verification.VerifiedAt, b.lang)
	} else if p.Verification.Status != "verified" {
		e.Checked = l.NotChecked
	}
	words := []string{e.Name, p.Name, e.Description, e.Area}
	words = append(words, e.Addresses...)
	for _, s := range e.Services {
		words = append(words, s.Name)
	}
	e.Text = strings.ToLower(strings.Join(words, " "))
	return e
}

func (b *bookBuilder) service(sv *mapping.Service) ServiceView {
	l := b.l
	v := ServiceView{Name: b.serviceName(sv.Type), Description: sv.Description, Who: b.who(sv.Eligibility)}
	tr, hasTr := sv.Translations[b.lang]
	if hasTr && tr.Description != "" {
		v.Description = tr.Description
	}
	for _, s := range sv.Schedules {
		v.Hours = append(v.Hours, b.schedule(s))
	}
	v.Cost = l.Costs[sv.Cost.Kind]
	if sv.Cost.Note != "" {
		v.Cost += " — " + sv.Cost.Note
	}
	e := sv.Eligibility
	if e.LGBTQI {
		v.Conditions = append(v.Conditions, l.LGBTQI)
	}
	if len(e.LegalStatuses) > 0 {
		v.Conditions = append(v.Conditions, l.OnlyFor+": "+b.words(e.LegalStatuses, l.LegalStatuses))
	}
	if len(e.TraffickingForms) > 0 {
		v.Conditions = append(v.Conditions, l.ForSurvivorsOf+": "+b.words(e.TraffickingForms, l.Forms))
	}
	if s, ok := l.VictimStatuses[e.VictimStatus]; ok {
		v.Conditions = append(v.Conditions, s)
	}
	langs := b.words(sv.Languages, l.LanguageNames)
	if sv.Interpreting {
		langs = strings.TrimPrefix(langs+l.Stop+l.Interpreter, l.Stop)
	}
	v.Languages = langs
	a := sv.Access
	if a.WalkIn {
		v.Access = append(v.Access, l.WalkIn)
	}
	if a.ReferralRequired {
		v.Access = append(v.Access, l.Referral)
	}
	if a.WhoCanRefer != "" {
		v.Access = append(v.Access, l.WhoCanRefer+": "+a.WhoCanRefer)
	}
	next := a.NextStep
	if hasTr && tr.NextStep != "" {
		next = tr.NextStep
	}
	if next != "" {
		v.Access = append(v.Access, l.NextStep+": "+next)
	}
	if len(a.Documents) > 0 {
		v.Access = append(v.Access, l.Bring+": "+strings.Join(a.Documents, l.ListSep))
	}
	if a.ResponseTime != "" {
		v.Access = append(v.Access, l.ResponseTime+": "+a.ResponseTime)
	}
	v.Eligibility = l.sentences(append([]string{v.Who}, v.Conditions...))
	v.HowToGetIn = l.sentences(v.Access)
	return v
}

// sentences joins items with the language's full stop, without doubling
// one an item (often free text from the provider) already ends with.
func (l *Labels) sentences(items []string) string {
	var b strings.Builder
	stop := strings.TrimSpace(l.Stop)
	for i, it := range items {
		if i > 0 {
			if stop != "" && strings.HasSuffix(items[i-1], stop) {
				b.WriteString(" ")
			} else {
				b.WriteString(l.Stop)
			}
		}
		b.WriteString(it)
	}
	return b.String()
}

// words names each code in the book's language, the code itself when unknown.
func (b *bookBuilder) words(codes []string, names map[string]string) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		if n, ok := names[c]; ok {
			out[i] = n
		} else {
			out[i] = c
		}
	}
	return strings.Join(out, b.l.ListSep)
}

// who says who a service is for: "Women and girls aged 12 and over".
func (b *bookBuilder) who(e mapping.Eligibility) string {
	l := b.l
	adults := e.MinAge != nil && *e.MinAge >= 18
	children := e.MaxAge != nil && *e.MaxAge < 18
	var noun string
	switch {
	case len(e.Genders) == 1 && e.Genders[0] == "female":
		noun = pickNoun(adults, children, l.Women, l.Girls, l.WomenGirls)
	case len(e.Genders) == 1 && e.Genders[0] == "male":
		noun = pickNoun(adults, children, l.Men, l.Boys, l.MenBoys)
	default:
		noun = pickNoun(adults, children, l.Adults, l.Children, l.Everyone)
		if noun == l.Everyone && (e.MinAge != nil || e.MaxAge != nil) {
			noun = l.People
		}
	}
	var age string
	switch {
	case e.MinAge != nil && e.MaxAge != nil:
		age = fmt.Sprintf(l.AgeRange, *e.MinAge, *e.MaxAge)
	case e.MinAge != nil && *e.MinAge > 0:
		age = fmt.Sprintf(l.AgeFrom, *e.MinAge)
	case e.MaxAge != nil:
		age = fmt.Sprintf(l.AgeTo, *e.MaxAge)
	}
	if age == "" {
		return noun
	}
	return noun + " " + age
}

func pickNoun(adults, children bool, adult, child, any string) string {
	switch {
	case adults:
		return adult
	case children:
		return child
	}
	return any
}

// schedule is one opening rule in words: "Mon–Fri 08:30–16:30".
func (b *bookBuilder) schedule(s mapping.Schedule) string {
	every := len(s.Days) == len(mapping.WeekDays)
	if s.AllDay && every {
		return b.l.EveryDay24
	}
	text := b.days(s.Days)
	if s.AllDay {
		text += ": " + b.l.Hours24
	} else {
		text += " " + s.Opens + "–" + s.Closes
	}
	if s.Note != "" {
		text += " (" + s.Note + ")"
	}
	return text
}

// days writes runs of three or more days as a range: "Mon–Fri, Sun".
func (b *bookBuilder) days(days []string) string {
	on := make([]bool, len(mapping.WeekDays))
	for i, d := range mapping.WeekDays {
		on[i] = slices.Contains(days, d)
	}
	var runs []string
	for i := 0; i < len(on); i++ {
		if !on[i] {
			continue
		}
		j := i
		for j+1 < len(on) && on[j+1] {
			j++
		}
		name := func(k int) string { return b.l.Days[mapping.WeekDays[k]] }
		if j-i >= 2 {
			runs = append(runs, name(i)+"–"+name(j))
		} else {
			for k := i; k <= j; k++ {
				runs = append(runs, name(k))
			}
		}
		i = j
	}
	return strings.Join(runs, b.l.ListSep)
}

func addressText(a *mapping.Address) string {
	var parts []string
	for _, p := range []string{a.Line1, a.Line2, a.City, a.Province, a.PostalCode} {
		if p = strings.TrimSpace(p); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// telHref is a tel: link for a phone number, "" when it holds no digits.
func telHref(number string) string {
	var b strings.Builder
	for i, r := range number {
		if r >= '0' && r <= '9' || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	if strings.Trim(b.String(), "+") == "" {
		return ""
	}
	return "tel:" + b.String()
}

func channelHref(c mapping.Channel) string {
	switch c.Kind {
	case "phone", "hotline", "whatsapp", "viber":
		return telHref(c.Value)
	case "email":
		if strings.Contains(c.Value, "@") {
			return "mailto:" + c.Value
		}
	case "website", "facebook":
		if strings.HasPrefix(c.Value, "https://") || strings.HasPrefix(c.Value, "http://") {
			return c.Value
		}
	}
	return ""
}
