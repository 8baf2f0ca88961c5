// libxml2's HTML and XML parsers, for web pages and feeds (Debian: libxml2-dev).
// Only GazetteArticles imports this module, and only internally.
#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU, whose headers clash with the copy Foundation
// carries. Gazette never touches libxml2's encoding handler structures (the
// only ones whose layout ICU changes), so it reads the headers without ICU.
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
