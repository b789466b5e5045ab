package dev.poco.runner.sandbox.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded in-memory pipe between two threads: what {@link #sink()} is given, {@link #source()} reads, in order. Unlike
 * {@link java.io.PipedInputStream} it does not care which threads read and write, or whether they are still alive:
 * closing the sink is end of stream, closing the source makes further writes fail.
 */
final class BytePipe {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final byte[] buffer;
    private int start;
    private int length;
    private boolean writerClosed;
    private boolean readerClosed;
    private final InputStream source = new Source();
    private final OutputStream sink = new Sink();

    BytePipe(int capacity) {
        this.buffer = new byte[capacity];
    }

    InputStream source() {
        return source;
    }

    OutputStream sink() {
        return sink;
    }

    /** Same as closing {@link #sink()}: the reader sees end of stream once it has read what is buffered. */
    void closeWriter() {
        lock.lock();
        try {
            writerClosed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Same as closing {@link #source()}: writes fail from now on. */
    void closeReader() {
        lock.lock();
        try {
            readerClosed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private final class Source extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int count) throws IOException {
            if (count == 0) {
                return 0;
            }
            lock.lock();
            try {
                while (length == 0) {
                    if (writerClosed || readerClosed) {
                        return -1;
                    }
                    changed.await();
                }
                int n = Math.min(count, length);
                for (int i = 0; i < n; i++) {
                    into[offset + i] = buffer[(start + i) % buffer.length];
                }
                start = (start + n) % buffer.length;
                length -= n;
                changed.signalAll();
                return n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading");
            } finally {
                lock.unlock();
            }
        }

        @Override
        public int available() {
            lock.lock();
            try {
                return length;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            closeReader();
        }
    }

    private final class Sink extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] from, int offset, int count) throws IOException {
            lock.lock();
            try {
                int done = 0;
                while (done < count) {
                    if (writerClosed) {
                        throw new IOException("pipe closed");
                    }
                    if (readerClosed) {
                        throw new IOException("the reading end of the pipe is closed");
                    }
                    if (length == buffer.length) {
                        changed.await();
                        continue;
                    }
                    int n = Math.min(count - done, buffer.length - length);
                    for (int i = 0; i < n; i++) {
                        buffer[(start + length + i) % buffer.length] = from[offset + done + i];
                    }
                    length += n;
                    done += n;
                    changed.signalAll();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while writing");
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            closeWriter();
        }
    }
}
