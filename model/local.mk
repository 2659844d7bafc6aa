# model/: what captures, filters, buckets and requests are; the store and history.
noinst_LIBRARIES += libmodel.a
libmodel_a_SOURCES = \
	model/xalloc.c model/xalloc.h
