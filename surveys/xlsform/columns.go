package xlsform

import (
	"strings"

	"github.com/haven-project/haven/surveys"
)

// role says what Parse does with a column.
type role int

const (
	roleField       role = iota // a column Haven reads
	roleComment                 // a column for people (_notes, #notes): skipped silently
	roleIgnored                 // an XLSForm column Haven does not use: a warning if it holds values
	roleUnsupported             // an XLSForm feature Haven cannot honour: an error if it holds values
	roleUnknown                 // not an XLSForm column: a warning if it holds values
	roleNoHeader                // no header: a warning if it holds values
	roleExtra                   // a choices column a choice_filter can test
)

// column is one column of a sheet and what its header means.
type column struct {
	idx    int
	letter string
	header string // as written
	key    string // canonical name (label, relevant, …) for roleField
	lang   string // language of a translatable column; "" for none
	role   role
	why    string // for roleIgnored and roleUnsupported: why
}

// translatable lists the survey and choices columns that take ::language.
var translatable = map[string]bool{"label": true, "hint": true, "constraint_message": true, "required_message": true}

var surveyAliases = map[string]string{
	"type": "type", "command": "type",
	"name":  "name",
	"label": "label", "caption": "label",
	"hint":             "hint",
	"required":         "required",
	"required_message": "required_message", "required message": "required_message",
	"requiredmsg": "required_message", "jr:requiredmsg": "required_message",
	"relevant": "relevant", "relevance": "relevant",
	"constraint":         "constraint",
	"constraint_message": "constraint_message", "constraint message": "constraint_message",
	"constraining message": "constraint_message", "jr:constraintmsg": "constraint_message",
	"calculation": "calculation", "calculate": "calculation",
	"choice_filter": "choice_filter",
	"appearance":    "appearance",
	"default":       "default",
	"read_only":     "read_only", "readonly": "read_only", "read only": "read_only",
	"repeat_count": "repeat_count", "count": "repeat_count", "jr:count": "repeat_count",
}

// bindAttributes are the bind::, control:: and body:: columns Haven reads.
var bindAttributes = map[string]string{
	"relevant": "relevant", "constraint": "constraint", "required": "required", "readonly": "read_only",
	"calculate": "calculation", "jr:constraintmsg": "constraint_message", "jr:requiredmsg": "required_message",
	"appearance": "appearance", "jr:count": "repeat_count",
}

const mediaWhy = "media (images, audio, video) in labels and choices are not supported yet"

var surveyIgnored = map[string]string{
	"image": mediaWhy, "audio": mediaWhy, "video": mediaWhy, "big-image": mediaWhy, "media": mediaWhy,
	"rows":                "the height of text boxes is left to the device",
	"autoplay":            "autoplay needs media, which is not supported yet",
	"buttontext":          "launching other apps is not supported",
	"noapperrorstring":    "launching other apps is not supported",
	"no_app_error_string": "launching other apps is not supported",
	"guidance_hint":       "guidance hints are not supported",
	"sms_field":           "SMS submission is not supported", "sms_option": "SMS submission is not supported",
	"disabled": "disabled questions are not supported",
}

var surveyUnsupported = map[string]string{
	"parameters": "question parameters are not supported",
	"trigger":    "triggered calculations are not supported",
	"save_to":    "entities are not supported",
	"intent":     "launching other apps is not supported",
	"instance":   "custom instance attributes are not supported",
	"bind":       "custom bind attributes are not supported",
	"body":       "custom body attributes are not supported",
	"control":    "custom body attributes are not supported",
}

var choicesAliases = map[string]string{
	"list_name": "list_name", "list name": "list_name",
	"name": "name", "value": "name",
	"label": "label", "caption": "label",
}

var settingsAliases = map[string]string{
	"form_title": "form_title", "set form title": "form_title", "title": "form_title",
	"form_id": "form_id", "set form id": "form_id", "id_string": "form_id",
	"version":                 "version",
	"default_language":        "default_language",
	"instance_name":           "instance_name",
	"name":                    "name",
	"haven_kind":              "haven_kind",
	"allow_choice_duplicates": "allow_choice_duplicates",
}

var settingsIgnored = map[string]string{
	"public_key":        "Haven does not take encrypted submissions; it protects them on the server instead",
	"submission_url":    "Haven receives this form's submissions itself",
	"style":             "form styles are not supported",
	"auto_send":         "sending is set on each device",
	"auto_delete":       "deleting is set on each device",
	"omit_instanceid":   "Haven always records meta/instanceID to recognise a submission sent twice",
	"clean_text_values": "-", // Haven always trims spaces: nothing to say
	"namespaces":        "custom namespaces are not supported",
	"sms_keyword":       "SMS submission is not supported", "sms_separator": "SMS submission is not supported",
	"sms_allow_media": "SMS submission is not supported", "sms_date_format": "SMS submission is not supported",
	"sms_datetime_format": "SMS submission is not supported", "prefix": "SMS submission is not supported",
	"delimiter": "SMS submission is not supported", "sms_response": "SMS submission is not supported",
}

var settingsUnsupported = map[string]string{
	"add_none_option": "add_none_option is not supported: add a \"none\" choice to the list",
}

// splitHeader splits a header on :: (or on : when the workbook uses no
// ::, as old XLSForms do), trimming each part.
func splitHeader(h string, doubleColon bool) []string {
	sep := ":"
	if doubleColon {
		sep = "::"
	}
	parts := strings.Split(h, sep)
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// normalizeName lowercases a header part and collapses its spaces.
func normalizeName(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// classify says what a header of the given sheet ("survey", "choices",
// "settings") means.
func classify(sheetKind, header string, doubleColon bool) column {
	c := column{header: header}
	h := strings.TrimSpace(header)
	switch {
	case h == "":
		c.role = roleNoHeader
		return c
	case strings.HasPrefix(h, "_") || strings.HasPrefix(h, "#"):
		c.role = roleComment
		return c
	}
	parts := splitHeader(h, doubleColon)
	base := normalizeName(parts[0])
	rest := parts[1:]
	if base == "jr" && len(rest) > 0 { // jr:count, jr:constraintMsg without :: elsewhere
		base, rest = "jr:"+normalizeName(rest[0]), rest[1:]
	}
	switch sheetKind {
	case "survey":
		if base == "bind" || base == "control" || base == "body" {
			attr := ""
			if doubleColon && len(rest) > 0 {
				attr, rest = normalizeName(rest[0]), rest[1:]
			} else {
				attr, rest = normalizeName(strings.Join(rest, ":")), nil
			}
			if key, ok := bindAttributes[attr]; ok {
				base = key
			} else if attr == "jr:noapperrorstring" {
				base = "noapperrorstring"
			} else {
				c.role, c.why = roleUnsupported, surveyUnsupported[base]
				return c
			}
		}
		if key, ok := surveyAliases[base]; ok {
			return withLang(c, key, rest, sheetKind)
		}
		if why, ok := surveyIgnored[base]; ok {
			c.role, c.why = roleIgnored, why
			return c
		}
		if why, ok := surveyUnsupported[base]; ok {
			c.role, c.why = roleUnsupported, why
			return c
		}
	case "choices":
		if key, ok := choicesAliases[base]; ok {
			return withLang(c, key, rest, sheetKind)
		}
		if base == "image" || base == "audio" || base == "video" || base == "big-image" || base == "media" {
			c.role, c.why = roleIgnored, mediaWhy
			return c
		}
		if len(rest) == 0 && surveys.IsXMLName(h) {
			c.role, c.key = roleExtra, h
			return c
		}
		c.role, c.why = roleIgnored, "a choice_filter can only test columns whose header is an XML name (letters, digits, _ - .)"
		return c
	case "settings":
		if key, ok := settingsAliases[base]; ok && len(rest) == 0 {
			c.role, c.key = roleField, key
			return c
		}
		if why, ok := settingsIgnored[base]; ok {
			c.role, c.why, c.key = roleIgnored, why, base
			return c
		}
		if why, ok := settingsUnsupported[base]; ok {
			c.role, c.why, c.key = roleUnsupported, why, base
			return c
		}
	}
	c.role = roleUnknown
	return c
}

func withLang(c column, key string, rest []string, sheetKind string) column {
	c.role, c.key = roleField, key
	if len(rest) == 0 {
		return c
	}
	if !translatable[key] || (sheetKind == "choices" && key != "label") || len(rest) > 1 || rest[0] == "" {
		c.role, c.key = roleUnknown, ""
		return c
	}
	c.lang = rest[0]
	return c
}
