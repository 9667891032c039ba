// Package surveys holds survey definitions (XLSForm, XForm), submissions from
// the web, the API and ODK Collect, victim-feedback tests and their
// analytics. It imports neither Gin nor the server package.
package surveys
