#ifndef DARKSHARE_CLIBXML2_SHIM_H
#define DARKSHARE_CLIBXML2_SHIM_H

// xmlversion.h must come first: Debian builds libxml2 with ICU, and its ICU headers clash with
// the ones Foundation brings in. Undefining the feature macro keeps them out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>

/// `xmlFree` is a mutable C global (a function pointer), which Swift 6 rejects as unsafe shared
/// state; this wrapper calls it without exposing the global.
static inline void darkshare_xmlFree(void *pointer) {
  xmlFree(pointer);
}

#endif
