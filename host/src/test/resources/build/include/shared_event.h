#ifndef SHARED_EVENT_H
#define SHARED_EVENT_H

#define NAME_LEN 32

typedef struct {
	__u32 pid;
	char name[NAME_LEN];
} shared_event_t;

#endif
