#ifndef OPENS_H
#define OPENS_H

#define COMM_LEN 16

struct event {
	__u32 pid;
	int flags;
	char comm[COMM_LEN];
};

#endif
