/*
 * A latency-injecting TCP proxy for bench/io.ts, in C because the Deno one (bench/_proxy.ts)
 * carries only about 1 GB/s here, less than the NFS clients it sits in front of.
 *
 * One thread, epoll, one ring buffer per direction. Every read is stamped with its due time
 * (arrival + delay) in a FIFO of marks (one direction's delay is constant, so the FIFO is
 * sorted); bytes are written out once their mark is due, in order. The loop sleeps in
 * epoll_pwait2 until the earliest due mark (nanosecond timeout; timer slack set to 1 ns), so
 * there is no timer thread and no per-chunk timer.
 *
 * The bytes wait in pipes: splice(2) moves them from the socket into a chain of pipes and,
 * when due, from the pipes into the other socket, so the proxy copies no payload (the pipes
 * hold references to the kernel's socket buffer pages). With --copy they wait in a 32 MiB
 * ring instead (read/writev: two copies per byte), for comparison.
 *
 *   latency_proxy --delay MS --to PORT [--to PORT...] [--copy]
 *       Listens on 127.0.0.1 (one free port per --to), prints {"ports":[P1,...]} and runs
 *       until stdin closes or SIGTERM. Each accepted connection is forwarded to its PORT on
 *       127.0.0.1, both directions delayed by MS (a decimal number, 0 allowed).
 *   latency_proxy --sink
 *       Throughput test, receiving end: prints {"port":P}, accepts one connection, reads to
 *       EOF, answers with the byte count (8 bytes), exits.
 *   latency_proxy --blast PORT --bytes N
 *       Throughput test, sending end: connects, writes N bytes, half-closes, waits for the
 *       sink's answer, prints {"bytes":N,"seconds":S}.
 *
 * Built on demand by bench/_latency.ts: cc -O2 -o tmp/latency_proxy bench/proxy/latency_proxy.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define RING_BYTES ((size_t)32 << 20) /* per direction; a full ring pauses reading */
#define MARKS 65536                    /* due-time marks per direction (a power of 2) */
#define MAX_READ ((size_t)4 << 20)     /* largest single read */
#define MAX_TARGETS 8
#define PIPES 256                      /* pipes per direction (splice mode) */
#define PIPE_BYTES (1 << 20)           /* asked of F_SETPIPE_SZ */
#define MAX_QUEUED ((uint64_t)64 << 20) /* bytes that may wait per direction (splice mode) */
#define NEVER INT64_MAX

static void die(const char *what) {
  fprintf(stderr, "latency_proxy: %s: %s\n", what, strerror(errno));
  exit(1);
}

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

struct mark {
  uint64_t end; /* stream offset one past the mark's last byte */
  int64_t due;  /* when the bytes up to end may go out */
};

/* A pipe holding bytes of one direction (splice mode). */
struct pipe {
  int r, w;
  size_t bytes; /* bytes in it */
  int full;     /* a splice into it found no room: the next bytes go to a fresh pipe */
};

/* One direction: bytes read from src wait (in pipes, or the ring) until due, then go to dst. */
struct dir {
  int src, dst;
  char *ring; /* copy mode */
  struct pipe pipes[PIPES]; /* splice mode: a FIFO, ph..pt */
  unsigned ph, pt;
  uint64_t head; /* stream offset of the next byte to write */
  uint64_t tail; /* stream offset one past the last byte read */
  uint64_t ready; /* bytes up to here are due */
  struct mark *marks;
  unsigned mh, mt; /* mark FIFO: head and tail counters */
  int eof;         /* src ended (or failed) */
  int64_t eof_due;
  int shut;    /* dst half-closed: this direction is done */
  int blocked; /* dst's send buffer is full: wait for EPOLLOUT */
};

struct pair;
/* What an epoll event points at: a listener (pair NULL, target index) or a pair's socket. */
struct endpoint {
  struct pair *pair;
  int side; /* 0: the client's socket, 1: the server's */
  int events; /* epoll events registered; -1: not in the epoll set */
};

struct pair {
  int fd[2];
  struct dir d[2]; /* d[0]: client -> server, d[1]: server -> client */
  struct endpoint ep[2];
  struct pair *next;
  int dead;
};

static int epfd;
static int64_t delay_ns;
static int copy_mode; /* --copy: the ring instead of pipes */
static struct pair *pairs;
/* Rings and mark arrays of closed connections, reused: first-touching memory is slow here. */
static char *free_rings[64];
static int n_free_rings;
static struct mark *free_marks[64];
static int n_free_marks;

static char *ring_alloc(void) {
  if (n_free_rings > 0) return free_rings[--n_free_rings];
  void *p = mmap(NULL, RING_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) die("mmap");
  return p;
}

static void ring_free(char *r) {
  if (n_free_rings < 64) free_rings[n_free_rings++] = r;
  else munmap(r, RING_BYTES);
}

static struct mark *marks_alloc(void) {
  if (n_free_marks > 0) return free_marks[--n_free_marks];
  struct mark *m = malloc(sizeof(struct mark) * MARKS);
  if (m == NULL) die("malloc");
  return m;
}

static void marks_free(struct mark *m) {
  if (n_free_marks < 64) free_marks[n_free_marks++] = m;
  else free(m);
}

/* Pipes of closed connections (empty), reused. */
static struct pipe free_pipes[1024];
static int n_free_pipes;

static struct pipe pipe_alloc(void) {
  if (n_free_pipes > 0) return free_pipes[--n_free_pipes];
  int fds[2];
  if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) < 0) die("pipe2");
  fcntl(fds[1], F_SETPIPE_SZ, PIPE_BYTES); /* best effort: the default is 64 KiB */
  return (struct pipe){fds[0], fds[1], 0, 0};
}

static void pipe_free(struct pipe p) {
  if (p.bytes == 0 && n_free_pipes < 1024) {
    p.full = 0;
    free_pipes[n_free_pipes++] = p;
  } else {
    close(p.r);
    close(p.w);
  }
}

static void set_nonblock(int fd) {
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) die("fcntl");
}

static void set_nodelay(int fd) {
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

static int listen_any(int *port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) die("socket");
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0) die("bind");
  if (listen(fd, 64) < 0) die("listen");
  socklen_t len = sizeof a;
  if (getsockname(fd, (struct sockaddr *)&a, &len) < 0) die("getsockname");
  *port = ntohs(a.sin_port);
  return fd;
}

static int connect_to(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) die("socket");
  struct sockaddr_in a = {
      .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
    close(fd);
    return -1;
  }
  return fd;
}

/* Space left in a direction's ring and mark FIFO: whether reading may go on. */
static int can_read(const struct dir *d) {
  if (d->eof || d->mt - d->mh >= MARKS) return 0;
  if (copy_mode) return d->tail - d->head < RING_BYTES;
  return d->tail - d->head < MAX_QUEUED && d->pt - d->ph < PIPES;
}

/* Stamps the bytes up to d->tail as due at now + delay (one mark per instant). */
static void add_mark(struct dir *d, int64_t now) {
  int64_t due = now + delay_ns;
  if (d->mt != d->mh && d->marks[(d->mt - 1) & (MARKS - 1)].due == due) {
    d->marks[(d->mt - 1) & (MARKS - 1)].end = d->tail; /* same instant: one mark */
  } else {
    d->marks[d->mt & (MARKS - 1)] = (struct mark){d->tail, due};
    d->mt++;
  }
}

static void end_dir(struct dir *d, int64_t now) {
  d->eof = 1;
  d->eof_due = now + delay_ns;
}

/* Splices what src holds into the pipe chain (until EAGAIN or the chain is full). */
static void splice_in(struct dir *d, int64_t now) {
  while (can_read(d)) {
    struct pipe *t = d->pt != d->ph ? &d->pipes[(d->pt - 1) % PIPES] : NULL;
    if (t == NULL || t->full) {
      d->pipes[d->pt % PIPES] = pipe_alloc();
      t = &d->pipes[d->pt % PIPES];
      d->pt++;
    }
    ssize_t r = splice(d->src, NULL, t->w, NULL, MAX_READ, SPLICE_F_NONBLOCK | SPLICE_F_MOVE);
    if (r > 0) {
      t->bytes += (size_t)r;
      d->tail += (uint64_t)r;
      add_mark(d, now);
      continue;
    }
    if (r == 0) return end_dir(d, now);
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      if (errno == EINVAL) die("splice from a socket");
      return end_dir(d, now); /* reset: end this direction once the bytes are out */
    }
    /* EAGAIN: the socket is drained, or the pipe is full (then the socket has bytes). */
    int avail = 0;
    if (t->bytes > 0 && ioctl(d->src, FIONREAD, &avail) == 0 && avail > 0) {
      t->full = 1;
      continue;
    }
    return;
  }
}

/* Splices the due bytes into dst. Returns -1 if the connection failed. */
static int splice_out(struct dir *d) {
  while (!d->blocked && d->head < d->ready) {
    struct pipe *h = &d->pipes[d->ph % PIPES];
    size_t len = d->ready - d->head;
    if (len > h->bytes) len = h->bytes;
    ssize_t w = splice(h->r, NULL, d->dst, NULL, len, SPLICE_F_NONBLOCK | SPLICE_F_MOVE);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      d->blocked = 1;
      break;
    }
    if (w <= 0) return -1;
    d->head += (uint64_t)w;
    h->bytes -= (size_t)w;
    if (h->bytes == 0 && (h->full || d->pt - d->ph > 1)) {
      pipe_free(*h);
      d->ph++;
    }
    if ((size_t)w < len) d->blocked = 1;
  }
  return 0;
}

static void update_events(struct pair *p) {
  for (int s = 0; s < 2; s++) {
    struct endpoint *e = &p->ep[s];
    int want = 0;
    if (can_read(&p->d[s])) want |= EPOLLIN;
    if (p->d[1 - s].blocked) want |= EPOLLOUT;
    if (want == 0 && p->d[s].eof) {
      /* Nothing more to read nor to wait for on it: out of the set, or a hung-up socket
       * (EPOLLHUP is reported whatever is asked) would wake the loop until the last due byte. */
      if (e->events != -1) epoll_ctl(epfd, EPOLL_CTL_DEL, p->fd[s], NULL);
      e->events = -1;
      continue;
    }
    if (e->events == -1) {
      struct epoll_event ev = {.events = want, .data.ptr = e};
      if (epoll_ctl(epfd, EPOLL_CTL_ADD, p->fd[s], &ev) < 0) die("epoll_ctl");
      e->events = want;
    } else if (want != e->events) {
      struct epoll_event ev = {.events = want, .data.ptr = e};
      if (epoll_ctl(epfd, EPOLL_CTL_MOD, p->fd[s], &ev) < 0) die("epoll_ctl");
      e->events = want;
    }
  }
}

/* Reads what src holds into the ring (until EAGAIN or the ring is full), stamped at now. */
static void read_dir(struct dir *d, int64_t now) {
  if (!copy_mode) return splice_in(d, now);
  while (can_read(d)) {
    uint64_t off = d->tail % RING_BYTES;
    size_t room = RING_BYTES - (d->tail - d->head);
    size_t contig = RING_BYTES - off;
    size_t n = room < contig ? room : contig;
    if (n > MAX_READ) n = MAX_READ;
    ssize_t r = read(d->src, d->ring + off, n);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (r <= 0) return end_dir(d, now); /* end of stream, or reset */
    d->tail += (uint64_t)r;
    add_mark(d, now);
    if ((size_t)r < n) return; /* the socket is drained */
  }
}

/*
 * Writes the due bytes of d. Returns the next time something of d falls due (NEVER if
 * nothing waits), or -1 if the connection failed.
 */
static int64_t flush_dir(struct dir *d, int64_t now) {
  while (d->mh != d->mt && d->marks[d->mh & (MARKS - 1)].due <= now) {
    d->ready = d->marks[d->mh & (MARKS - 1)].end;
    d->mh++;
  }
  if (!copy_mode) {
    if (splice_out(d) < 0) return -1;
  }
  while (copy_mode && !d->blocked && d->head < d->ready) {
    uint64_t off = d->head % RING_BYTES;
    size_t len = d->ready - d->head;
    struct iovec iov[2];
    int cnt = 1;
    iov[0].iov_base = d->ring + off;
    if (off + len > RING_BYTES) {
      iov[0].iov_len = RING_BYTES - off;
      iov[1].iov_base = d->ring;
      iov[1].iov_len = len - iov[0].iov_len;
      cnt = 2;
    } else {
      iov[0].iov_len = len;
    }
    ssize_t w = writev(d->dst, iov, cnt);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      d->blocked = 1;
      break;
    }
    if (w < 0) return -1;
    d->head += (uint64_t)w;
    if ((size_t)w < len) d->blocked = 1;
  }
  if (d->eof && !d->shut && d->head == d->tail) {
    if (d->eof_due <= now) {
      shutdown(d->dst, SHUT_WR);
      d->shut = 1;
    } else {
      return d->eof_due;
    }
  }
  if (d->blocked) return NEVER; /* EPOLLOUT wakes us */
  return d->mh != d->mt ? d->marks[d->mh & (MARKS - 1)].due : NEVER;
}

static void close_pair(struct pair *p) {
  for (int s = 0; s < 2; s++) {
    epoll_ctl(epfd, EPOLL_CTL_DEL, p->fd[s], NULL);
    close(p->fd[s]);
    if (p->d[s].ring) ring_free(p->d[s].ring);
    for (unsigned i = p->d[s].ph; i != p->d[s].pt; i++) pipe_free(p->d[s].pipes[i % PIPES]);
    marks_free(p->d[s].marks);
  }
  p->dead = 1;
}

static void new_pair(int client, int target) {
  int server = connect_to(target);
  if (server < 0) {
    close(client);
    return;
  }
  set_nonblock(client);
  set_nonblock(server);
  set_nodelay(client);
  set_nodelay(server);
  struct pair *p = calloc(1, sizeof *p); /* ~8 KiB with the pipe FIFOs */
  if (p == NULL) die("calloc");
  p->fd[0] = client;
  p->fd[1] = server;
  for (int s = 0; s < 2; s++) {
    p->d[s].src = p->fd[s];
    p->d[s].dst = p->fd[1 - s];
    p->d[s].ring = copy_mode ? ring_alloc() : NULL;
    p->d[s].marks = marks_alloc();
    p->ep[s] = (struct endpoint){p, s, EPOLLIN};
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &p->ep[s]};
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, p->fd[s], &ev) < 0) die("epoll_ctl");
  }
  p->next = pairs;
  pairs = p;
}

static volatile sig_atomic_t stop;
static void on_term(int sig) {
  (void)sig;
  stop = 1;
}

static int run_proxy(double delay_ms, int *targets, int n_targets) {
  delay_ns = (int64_t)(delay_ms * 1e6 + 0.5);
  prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
  signal(SIGPIPE, SIG_IGN);
  struct sigaction sa = {.sa_handler = on_term};
  sigaction(SIGTERM, &sa, NULL);
  epfd = epoll_create1(EPOLL_CLOEXEC);
  if (epfd < 0) die("epoll_create1");
  static struct endpoint listeners[MAX_TARGETS], stdin_ep;
  int lfd[MAX_TARGETS], ports[MAX_TARGETS];
  for (int i = 0; i < n_targets; i++) {
    lfd[i] = listen_any(&ports[i]);
    listeners[i] = (struct endpoint){NULL, i, EPOLLIN};
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &listeners[i]};
    if (epoll_ctl(epfd, EPOLL_CTL_ADD, lfd[i], &ev) < 0) die("epoll_ctl");
  }
  stdin_ep = (struct endpoint){NULL, -1, EPOLLIN};
  struct epoll_event sev = {.events = EPOLLIN, .data.ptr = &stdin_ep};
  int watch_stdin = epoll_ctl(epfd, EPOLL_CTL_ADD, 0, &sev) == 0;
  printf("{\"ports\":[");
  for (int i = 0; i < n_targets; i++) printf("%s%d", i ? "," : "", ports[i]);
  printf("],\"impl\":\"c\",\"mode\":\"%s\"}\n", copy_mode ? "copy" : "splice");
  fflush(stdout);
  struct epoll_event evs[64];
  while (!stop) {
    int64_t now = now_ns(), next = NEVER;
    for (struct pair **pp = &pairs; *pp;) {
      struct pair *p = *pp;
      for (int s = 0; s < 2 && !p->dead; s++) {
        int64_t t = flush_dir(&p->d[s], now);
        if (t < 0) close_pair(p);
        else if (t < next) next = t;
      }
      if (!p->dead && p->d[0].shut && p->d[1].shut) close_pair(p);
      if (p->dead) {
        *pp = p->next;
        free(p);
        continue;
      }
      update_events(p);
      pp = &p->next;
    }
    struct timespec ts, *tp = NULL;
    if (next != NEVER) {
      int64_t w = next - now_ns();
      if (w < 0) w = 0;
      ts.tv_sec = w / 1000000000;
      ts.tv_nsec = w % 1000000000;
      tp = &ts;
    }
    int n = epoll_pwait2(epfd, evs, 64, tp, NULL);
    if (n < 0) {
      if (errno == EINTR) continue;
      die("epoll_pwait2");
    }
    now = now_ns();
    for (int i = 0; i < n; i++) {
      struct endpoint *e = evs[i].data.ptr;
      if (e == &stdin_ep) {
        char buf[256];
        ssize_t r = read(0, buf, sizeof buf);
        if (r <= 0) stop = 1; /* the parent closed our stdin, or died */
      } else if (e->pair == NULL) {
        int c = accept4(lfd[e->side], NULL, NULL, SOCK_CLOEXEC);
        if (c >= 0) new_pair(c, targets[e->side]);
      } else if (!e->pair->dead) {
        struct pair *p = e->pair;
        if (evs[i].events & EPOLLOUT) p->d[1 - e->side].blocked = 0;
        if (evs[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) read_dir(&p->d[e->side], now);
      }
    }
  }
  (void)watch_stdin;
  return 0;
}

static int run_sink(void) {
  int port;
  int l = listen_any(&port);
  printf("{\"port\":%d}\n", port);
  fflush(stdout);
  int c = accept(l, NULL, NULL);
  if (c < 0) die("accept");
  size_t size = 4 << 20;
  char *buf = malloc(size);
  uint64_t total = 0;
  for (;;) {
    ssize_t r = read(c, buf, size);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) die("read");
    if (r == 0) break;
    total += (uint64_t)r;
  }
  if (write(c, &total, sizeof total) != sizeof total) die("write");
  close(c);
  return 0;
}

static int run_blast(int port, uint64_t bytes) {
  size_t size = 4 << 20;
  char *buf = malloc(size);
  memset(buf, 0x5a, size);
  int64_t t0 = now_ns();
  int fd = connect_to(port);
  if (fd < 0) die("connect");
  uint64_t sent = 0;
  while (sent < bytes) {
    size_t n = bytes - sent < size ? bytes - sent : size;
    ssize_t w = write(fd, buf, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) die("write");
    sent += (uint64_t)w;
  }
  shutdown(fd, SHUT_WR);
  uint64_t got = 0;
  size_t have = 0;
  while (have < sizeof got) {
    ssize_t r = read(fd, (char *)&got + have, sizeof got - have);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) die("read (the sink's answer)");
    have += (size_t)r;
  }
  double s = (now_ns() - t0) / 1e9;
  if (got != bytes) {
    fprintf(stderr, "latency_proxy: the sink got %llu of %llu bytes\n", (unsigned long long)got,
            (unsigned long long)bytes);
    return 1;
  }
  printf("{\"bytes\":%llu,\"seconds\":%.6f}\n", (unsigned long long)bytes, s);
  return 0;
}

static void usage(void) {
  fprintf(stderr,
          "usage: latency_proxy --delay MS --to PORT [--to PORT...] [--copy]\n"
          "       latency_proxy --sink\n"
          "       latency_proxy --blast PORT --bytes N\n");
  exit(2);
}

int main(int argc, char **argv) {
  double delay = 1;
  int targets[MAX_TARGETS], n_targets = 0, sink = 0, blast = 0;
  unsigned long long bytes = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    char *end;
    if (strcmp(a, "--sink") == 0) {
      sink = 1;
    } else if (strcmp(a, "--copy") == 0) {
      copy_mode = 1;
    } else if (v == NULL) {
      usage();
    } else if (strcmp(a, "--delay") == 0) {
      delay = strtod(v, &end);
      if (*end || !(delay >= 0)) usage();
      i++;
    } else if (strcmp(a, "--to") == 0 || strcmp(a, "--blast") == 0) {
      long p = strtol(v, &end, 10);
      if (*end || p <= 0 || p > 65535) usage();
      if (a[2] == 'b') blast = (int)p;
      else if (n_targets < MAX_TARGETS) targets[n_targets++] = (int)p;
      else usage();
      i++;
    } else if (strcmp(a, "--bytes") == 0) {
      bytes = strtoull(v, &end, 10);
      if (*end || bytes == 0) usage();
      i++;
    } else {
      usage();
    }
  }
  if (sink) return run_sink();
  if (blast) return run_blast(blast, bytes);
  if (n_targets == 0) usage();
  return run_proxy(delay, targets, n_targets);
}
