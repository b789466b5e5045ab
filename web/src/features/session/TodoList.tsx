import './TodoList.css';
import type { TodoItem } from '../../api/types';
import { Icon, Spinner } from '../../ui/Icon';

export function TodoList({ todos }: { todos: TodoItem[] }) {
  return (
    <ul className="todos" data-testid="todo-list">
      {todos.map((todo, i) => {
        const active = todo.status === 'in_progress';
        const done = todo.status === 'completed';
        const label = active ? todo.active_form || todo.activeForm || todo.content : todo.content;
        return (
          <li key={i} className={`todo todo-${todo.status}`} data-status={todo.status}>
            <span className="todo-mark" aria-hidden="true">
              {done ? <Icon name="check" size={12} /> : active ? <Spinner size={10} /> : null}
            </span>
            <span className="todo-text">{label}</span>
          </li>
        );
      })}
    </ul>
  );
}
