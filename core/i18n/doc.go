// Package i18n holds the page's words in Korean, Japanese and English: one
// message catalogue per language (ko.json, ja.json, en.json), each a flat
// JSON object from key to text. Texts name their arguments in braces, as in
// "Learning rate must be greater than {min} (got {got}).".
//
// The page reads the same files (the Makefile copies them into the site) and
// formats numbers with Intl; Go formats them for the command line in English
// (Format). Code that refuses something returns a Message (key and arguments)
// rather than a sentence, so the page can word it in the reader's language.
package i18n
